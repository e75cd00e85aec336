import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { actorLabel } from '$lib/auth/actor-label';
import { parse, slug, text } from '$lib/server/http/validate';
import type { Updateable } from 'kysely';
import type { TicketOutcome, TicketRowStatus, TicketsTable } from '$lib/server/db/schema';
import { transition, type TicketAction } from './state-machine';
import type { Db } from '$lib/server/db/database';
import { applyTicketChange, lockTicketWithUnit, type LockedTicket } from './ticket-store.server';
import { publishUnit, type CallNotice } from './publish.server';
import { counterById, offeredServicesByCode, type UnitRecord } from '$lib/units/store.server';
import { localDay } from './numbering';
import { invalidateSummary } from '$lib/stats/summary-store.server';
import type { TicketStateView } from './views';

export const FinishInput = z.object({ outcome: z.enum(['resolved', 'unresolved', 'referred']), note: text(1000).optional() });
export const TransferInput = z.object({ service: slug, counter: z.string().uuid().optional(), toEnd: z.boolean().optional() });

interface Change {
	set: Updateable<TicketsTable>;
	details?: Record<string, unknown>;
	/** The record's new status when it differs from the state machine's (a transfer waits again). */
	status?: TicketRowStatus;
	call?: boolean;
}

/** Changes a person makes by hand to a ticket's course, which the audit trail lists besides the ticket's history. */
const MANUAL_CHANGES: readonly TicketAction[] = ['cancel', 'transfer', 'reactivate'];

/**
 * Locks the ticket, checks the actor and the state machine, applies the change and records the
 * event. Round trips: the ticket locked with its unit, the change with its history row, and the
 * transaction's own two (plus the audit row of a change by hand, and a summary redone for a
 * ticket of an earlier day).
 */
async function change(
	deps: Deps,
	actor: Actor,
	ticketId: string,
	action: TicketAction,
	decide: (trx: Db, ticket: LockedTicket, unit: UnitRecord, now: Date) => Promise<Change> | Change
): Promise<TicketStateView> {
	const now = deps.now();
	const out = await deps.db.transaction().execute(async (trx) => {
		const { ticket, unit } = await lockTicketWithUnit(trx, ticketId);
		authorize(actor, 'ticket:manage', { unitId: ticket.unitId });
		if (ticket.status === 'expired' && action !== 'expire') {
			throw new VezError('invalid_transition', 'This ticket expired at the end of its day.');
		}
		const step = transition(ticket.status, action);
		if (!step.ok) throw new VezError('invalid_transition', step.message);
		const c = await decide(trx, ticket, unit, now);
		const status = c.status ?? (step.next as TicketRowStatus);
		const updated = await applyTicketChange(trx, ticket.id, { ...c.set, status }, {
			unitId: ticket.unitId,
			at: now,
			action,
			from: ticket.status,
			to: action === 'transfer' ? 'transferred' : status,
			serviceId: ticket.serviceId,
			counterId: ticket.counterId,
			actor: actorLabel(actor),
			details: c.details
		});
		// A ticket of an earlier day finished or closed now: that day's report summary is redone.
		await invalidateSummary(trx, ticket.unitId, [ticket.day], now);
		if (MANUAL_CHANGES.includes(action)) {
			await audit(trx, actor, `ticket.${action}`, 'ticket', ticket.id, { number: ticket.number, from: ticket.status, to: status, ...c.details });
		}
		const notice: CallNotice | null =
			c.call && updated.counterId && updated.counter
				? {
						counterId: updated.counterId,
						publicId: updated.publicId,
						payload: { number: updated.number, counter: updated.counter.number, counterName: updated.counter.name, service: updated.service.name, calledAt: now.toISOString(), recall: true }
					}
				: null;
		return { updated, notice, unit, counterBefore: ticket.counterId };
	});
	publishUnit(deps, out.unit, out.notice ? [out.notice] : [], [out.updated.id], { counters: [out.counterBefore, out.updated.counterId] });
	return {
		id: out.updated.id,
		publicId: out.updated.publicId,
		number: out.updated.number,
		status: out.updated.status,
		service: out.updated.service.code,
		recalls: out.updated.recalls
	};
}

/** Calls the same ticket again on the panel; the count of recalls is kept for the history. */
export const recallTicket = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'recall', (_trx, t) => ({ set: { recalls: t.recalls + 1 }, details: { recall: t.recalls + 1 }, call: true }));

/** The visitor reached the desk: service time starts now. */
export const startTicket = (deps: Deps, actor: Actor, id: string) => change(deps, actor, id, 'start', (_trx, _t, _unit, now) => ({ set: { started_at: now } }));

/** Nobody came after the calls: the ticket leaves the queue as a no-show. */
export const markNoShow = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'no_show', (_trx, t, _unit, now) => ({ set: { finished_at: now }, details: { recalls: t.recalls } }));

/** The visitor gave up or the ticket was issued by mistake. */
export const cancelTicket = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'cancel', (_trx, _t, _unit, now) => ({ set: { finished_at: now } }));

/**
 * The visitor who missed the call is back, or a ticket was cancelled by mistake: the same
 * number waits again, at the end of its queue (others kept their turn meanwhile), the same day only.
 */
export const reactivateTicket = (deps: Deps, actor: Actor, id: string) =>
	change(deps, actor, id, 'reactivate', (_trx, t, unit, now) => {
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
	return change(deps, actor, id, 'finish', (_trx, _t, _unit, now) => ({
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
	return change(deps, actor, id, 'transfer', async (trx, t, _unit, now) => {
		const [target] = await offeredServicesByCode(trx, t.unitId, [input.service]);
		if (!target) throw new VezError('service_not_offered', 'This unit does not offer that service.', { service: 'not_offered' });
		if (input.counter) {
			if ((await counterById(trx, input.counter))?.unitId !== t.unitId) throw new VezError('counter_not_found', 'No such counter in this unit.', { counter: 'unknown' });
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
				queued_at: input.toEnd ? now : t.queuedAt
			},
			details: { toService: input.service, toCounter: input.counter ?? null, toEnd: input.toEnd ?? false }
		};
	});
}
