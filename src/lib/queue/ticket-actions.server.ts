import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { actorLabel } from '$lib/auth/actor-label';
import { parse, slug, text } from '$lib/server/http/validate';
import type { TicketOutcome, TicketRowStatus } from '$lib/server/db/schema';
import { transition, type TicketAction } from './state-machine';
import { lockTicket, recordEvent, type Conn, type TicketRow } from './store.server';
import { publishUnit, type CallNotice } from './publish.server';
import { unitById } from '$lib/units/store.server';
import { localDay } from './numbering';
import { invalidateSummary } from '$lib/stats/summary-store.server';

export const FinishInput = z.object({ outcome: z.enum(['resolved', 'unresolved', 'referred']), note: text(1000).optional() });
export const TransferInput = z.object({ service: slug, counter: z.string().uuid().optional(), toEnd: z.boolean().optional() });

export interface TicketStateView {
	id: string;
	publicId: string;
	number: string;
	status: TicketRowStatus;
	service: string;
	recalls: number;
}

interface Change {
	set: Record<string, unknown>;
	details?: Record<string, unknown>;
	/** The record's new status when it differs from the state machine's (a transfer waits again). */
	status?: TicketRowStatus;
	call?: boolean;
}

/** Changes a person makes by hand to a ticket's course, which the audit trail lists besides the ticket's history. */
const MANUAL_CHANGES: readonly TicketAction[] = ['cancel', 'transfer', 'reactivate'];

/** Locks the ticket, checks the actor and the state machine, applies the change and records the event. */
async function change(
	deps: Deps,
	actor: Actor,
	ticketId: string,
	action: TicketAction,
	decide: (trx: Conn, ticket: TicketRow, now: Date) => Promise<Change> | Change
): Promise<TicketStateView> {
	const now = deps.now();
	const out = await deps.db.transaction().execute(async (trx) => {
		const ticket = await lockTicket(trx, ticketId);
		authorize(actor, 'ticket:manage', { unitId: ticket.unit_id });
		if (ticket.status === 'expired' && action !== 'expire') {
			throw new VezError('invalid_transition', 'This ticket expired at the end of its day.');
		}
		const step = transition(ticket.status, action);
		if (!step.ok) throw new VezError('invalid_transition', step.message);
		const c = await decide(trx, ticket, now);
		const status = c.status ?? (step.next as TicketRowStatus);
		const updated = await trx
			.updateTable('tickets')
			.set({ ...c.set, status })
			.where('id', '=', ticket.id)
			.returning(['id', 'public_id', 'number', 'status', 'service_id', 'recalls', 'counter_id', 'called_at'])
			.executeTakeFirstOrThrow();
		await recordEvent(trx, {
			ticketId: ticket.id,
			unitId: ticket.unit_id,
			at: now,
			action,
			from: ticket.status,
			to: action === 'transfer' ? 'transferred' : status,
			serviceId: ticket.service_id,
			counterId: ticket.counter_id,
			actor: actorLabel(actor),
			details: c.details
		});
		// A ticket of an earlier day finished or closed now: that day's report summary is redone.
		await invalidateSummary(trx, ticket.unit_id, [ticket.day], now);
		if (MANUAL_CHANGES.includes(action)) {
			await audit(trx, actor, `ticket.${action}`, 'ticket', ticket.id, { number: ticket.number, from: ticket.status, to: status, ...c.details });
		}
		const service = await trx.selectFrom('services').select(['code', 'name']).where('id', '=', updated.service_id).executeTakeFirstOrThrow();
		let notice: CallNotice | null = null;
		if (c.call && updated.counter_id) {
			const counter = await trx.selectFrom('counters').select(['number', 'name']).where('id', '=', updated.counter_id).executeTakeFirstOrThrow();
			notice = {
				counterId: updated.counter_id,
				publicId: updated.public_id,
				payload: { number: updated.number, counter: counter.number, counterName: counter.name, service: service.name, calledAt: now.toISOString(), recall: true }
			};
		}
		return { updated, service, notice, unitId: ticket.unit_id, counterBefore: ticket.counter_id };
	});
	publishUnit(deps, await unitById(deps.db, out.unitId), out.notice ? [out.notice] : [], [out.updated.id], {
		counters: [out.counterBefore, out.updated.counter_id]
	});
	return {
		id: out.updated.id,
		publicId: out.updated.public_id,
		number: out.updated.number,
		status: out.updated.status,
		service: out.service.code,
		recalls: out.updated.recalls
	};
}

/** Calls the same ticket again on the panel; the count of recalls is kept for the history. */
export const recallTicket = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'recall', (_trx, t) => ({ set: { recalls: t.recalls + 1 }, details: { recall: t.recalls + 1 }, call: true }));

/** The visitor reached the desk: service time starts now. */
export const startTicket = (deps: Deps, actor: Actor, id: string) => change(deps, actor, id, 'start', (_trx, _t, now) => ({ set: { started_at: now } }));

/** Nobody came after the calls: the ticket leaves the queue as a no-show. */
export const markNoShow = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'no_show', (_trx, t, now) => ({ set: { finished_at: now }, details: { recalls: t.recalls } }));

/** The visitor gave up or the ticket was issued by mistake. */
export const cancelTicket = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'cancel', (_trx, _t, now) => ({ set: { finished_at: now } }));

/**
 * The visitor who missed the call is back, or a ticket was cancelled by mistake: the same
 * number waits again, at the end of its queue (others kept their turn meanwhile), the same day only.
 */
export const reactivateTicket = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'reactivate', async (trx, t, now) => {
		const unit = await trx.selectFrom('units').select('timezone').where('id', '=', t.unit_id).executeTakeFirstOrThrow();
		if (t.day !== localDay(now, unit.timezone)) throw new VezError('invalid_transition', 'Only a ticket of today can be reactivated.');
		return {
			// A remote ticket not yet arrived waits again from now: when it would be called is counted afresh.
			set: { queued_at: now, called_at: null, started_at: null, finished_at: null, counter_id: null, clerk_id: null, target_counter_id: null, outcome: null, passed_at: null },
			details: { was: t.status }
		};
	});

/** Service ended with an outcome; the note stays with the ticket for the history. */
export async function finishTicket(deps: Deps, actor: Actor, id: string, raw: unknown) {
	const input = parse(FinishInput, raw);
	return change(deps, actor, id, 'finish', (_trx, _t, now) => ({
		set: { finished_at: now, outcome: input.outcome as TicketOutcome, note: input.note ?? null },
		details: { outcome: input.outcome }
	}));
}

/**
 * The same number goes back to wait in another service (optionally for one counter), keeping
 * its original arrival for ordering unless the clerk sends it to the end of the queue.
 */
export async function transferTicket(deps: Deps, actor: Actor, id: string, raw: unknown) {
	const input = parse(TransferInput, raw);
	return change(deps, actor, id, 'transfer', async (trx, t, now) => {
		const target = await trx
			.selectFrom('unit_services')
			.innerJoin('services', 'services.id', 'unit_services.service_id')
			.select(['services.id', 'services.code'])
			.where('unit_services.unit_id', '=', t.unit_id)
			.where('unit_services.active', '=', true)
			.where('services.code', '=', input.service)
			.executeTakeFirst();
		if (!target) throw new VezError('service_not_offered', 'This unit does not offer that service.', { service: 'not_offered' });
		if (input.counter) {
			const counter = await trx.selectFrom('counters').select('unit_id').where('id', '=', input.counter).executeTakeFirst();
			if (!counter || counter.unit_id !== t.unit_id) throw new VezError('counter_not_found', 'No such counter in this unit.', { counter: 'unknown' });
		}
		return {
			status: 'waiting',
			set: {
				service_id: target.id,
				counter_id: null,
				clerk_id: null,
				called_at: null,
				started_at: null,
				target_counter_id: input.counter ?? null,
				transfers: t.transfers + 1,
				queued_at: input.toEnd ? now : t.queued_at
			},
			details: { toService: target.code, toCounter: input.counter ?? null, toEnd: input.toEnd ?? false }
		};
	});
}
