import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { servicesOfUnit, unitById, unitBySlug } from '$lib/units/store.server';
import { loadQueueState } from './queue-state.server';
import { publicViews } from './ticket-view.server';
import type { PublicTicketView } from './views';
import { isPublicId } from './ticket';

/** `GET /units/{unit}/services`: what a kiosk offers, with the queue length and the wait a new ticket faces. */
export async function unitServices(deps: Deps, unitSlug: string) {
	const unit = await unitBySlug(deps.db, unitSlug);
	const [services, state] = await Promise.all([servicesOfUnit(deps.db, unit.id), loadQueueState(deps.db, unit, deps.now())]);
	return services.map((s) => {
		const q = state.get(s.code);
		return {
			code: s.code,
			name: s.name,
			theme: s.theme,
			prefix: s.prefix,
			waiting: q?.order.length ?? 0,
			estimatedWaitMinutes: q ? q.estimateForNewMinutes : null,
			estimatedWait: q ? { low: q.estimateForNew.low, high: q.estimateForNew.high } : null,
			promisedWaitMinutes: s.expected_wait_minutes,
			openCounters: q?.openCounters ?? 0,
			allowsPriority: s.allows_priority
		};
	});
}

/** `GET /tickets/{publicId}`: the visitor's view; an unknown id is simply not found. */
export async function publicTicket(deps: Deps, publicId: string): Promise<PublicTicketView & { publicId: string }> {
	if (!isPublicId(publicId)) throw new VezError('ticket_not_found', 'No such ticket.');
	const row = await deps.db.selectFrom('tickets').select('unit_id').where('public_id', '=', publicId).executeTakeFirst();
	if (!row) throw new VezError('ticket_not_found', 'No such ticket.');
	const unit = await unitById(deps.db, row.unit_id);
	const state = await loadQueueState(deps.db, unit, deps.now());
	const view = (await publicViews(deps.db, unit, state, { publicIds: [publicId] })).get(publicId);
	if (!view) throw new VezError('ticket_not_found', 'No such ticket.');
	return { ...view, publicId };
}

export const CallsQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10).meta({ description: 'How many, latest first' }) });

/** `GET /units/{unit}/calls`: the panel's history — number, counter, service, time; nothing personal. */
export async function lastCalls(deps: Deps, unitSlug: string, raw: unknown) {
	const { limit } = parse(CallsQuery, raw);
	const unit = await unitBySlug(deps.db, unitSlug);
	const rows = await deps.db
		.selectFrom('ticket_events')
		.innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
		.innerJoin('services', 'services.id', 'ticket_events.service_id')
		.innerJoin('counters', 'counters.id', 'ticket_events.counter_id')
		.select(['tickets.number', 'counters.number as counter', 'counters.name as counterName', 'services.name as service', 'ticket_events.at', 'ticket_events.action'])
		.where('ticket_events.unit_id', '=', unit.id)
		.where('ticket_events.action', 'in', ['call', 'recall'])
		.orderBy('ticket_events.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		number: r.number,
		counter: r.counter,
		counterName: r.counterName,
		service: r.service,
		calledAt: r.at.toISOString(),
		recall: r.action === 'recall'
	}));
}

/** `GET /units/{unit}/queue`: the staff's view of who waits (by service, in call order) and who is being served. */
export async function unitQueue(deps: Deps, actor: Actor, unitSlug: string) {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'queue:read', { unitId: unit.id });
	const now = deps.now();
	const state = await loadQueueState(deps.db, unit, now);
	const details = await deps.db
		.selectFrom('tickets')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('counters', 'counters.id', 'tickets.counter_id')
		.leftJoin('users', 'users.id', 'tickets.clerk_id')
		.select([
			'tickets.id',
			'tickets.number',
			'tickets.status',
			'tickets.issued_at',
			'tickets.queued_at',
			'tickets.called_at',
			'tickets.appointment_at',
			'tickets.transfers',
			'tickets.passed_at',
			'services.code as service',
			'priority_groups.code as priority',
			'priority_groups.name as priorityName',
			'priority_groups.requires_document as priorityNeedsDocument',
			'counters.id as counterId',
			'counters.name as counterName',
			'users.name as clerk'
		])
		.where('tickets.unit_id', '=', unit.id)
		.where('tickets.status', 'in', ['waiting', 'called', 'serving'])
		.execute();
	const byId = new Map(details.map((d) => [d.id, d]));
	const services = [...state.values()].map((q) => ({
		code: q.service.code,
		waiting: q.order.length,
		longestWaitSeconds: q.longestWaitSeconds,
		estimatedWaitMinutes: q.estimateForNewMinutes,
		openCounters: q.openCounters,
		tickets: q.order.map((pick, position) => {
			const d = byId.get(pick.ticket.id)!;
			return {
				id: d.id,
				number: d.number,
				position,
				priority: d.priority,
				priorityName: d.priorityName,
				priorityNeedsDocument: d.priorityNeedsDocument ?? false,
				issuedAt: d.issued_at.toISOString(),
				waitingSeconds: Math.max(0, Math.round((now.getTime() - d.queued_at.getTime()) / 1000)),
				appointmentAt: d.appointment_at?.toISOString() ?? null,
				transferred: d.transfers > 0,
				reason: pick.reason
			};
		}),
		// Remote tickets whose visitor has not checked in: never called meanwhile, shown marked with the place they keep.
		awaiting: [...q.awaiting]
			.map(([id, { ahead: keptPosition }]) => {
				const d = byId.get(id)!;
				return {
					id: d.id,
					number: d.number,
					keptPosition,
					issuedAt: d.issued_at.toISOString(),
					passedAt: d.passed_at?.toISOString() ?? null
				};
			})
			.sort((a, b) => a.keptPosition - b.keptPosition || a.issuedAt.localeCompare(b.issuedAt))
	}));
	const inService = details
		.filter((d) => d.status !== 'waiting')
		.map((d) => ({
			id: d.id,
			number: d.number,
			status: d.status,
			service: d.service,
			counterId: d.counterId,
			counterName: d.counterName,
			clerk: d.clerk,
			calledAt: d.called_at?.toISOString() ?? null
		}));
	return { unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone }, services, inService };
}

/** `GET /units/{unit}/counters`: each counter's state, its clerk and what it serves. */
export async function unitCounters(deps: Deps, actor: Actor, unitSlug: string) {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'queue:read', { unitId: unit.id });
	const counters = await deps.db
		.selectFrom('counters')
		.leftJoin('users', 'users.id', 'counters.clerk_id')
		.select(['counters.id', 'counters.number', 'counters.name', 'counters.status', 'counters.service_ids', 'counters.pause_reason', 'counters.status_since', 'users.name as clerk', 'users.id as clerkId'])
		.where('counters.unit_id', '=', unit.id)
		.where('counters.active', '=', true)
		.orderBy('counters.number')
		.execute();
	const services = await deps.db.selectFrom('services').select(['id', 'code']).execute();
	const codeOf = new Map(services.map((s) => [s.id, s.code]));
	const current = await deps.db
		.selectFrom('tickets')
		.select(['counter_id', 'number', 'status', 'id'])
		.where('unit_id', '=', unit.id)
		.where('status', 'in', ['called', 'serving'])
		.execute();
	return counters.map((c) => {
		const ticket = current.find((t) => t.counter_id === c.id);
		return {
			id: c.id,
			number: c.number,
			name: c.name,
			status: c.status,
			clerk: c.clerk,
			clerkId: c.clerkId,
			services: c.service_ids.map((id) => codeOf.get(id)).filter((code): code is string => !!code),
			pauseReason: c.pause_reason,
			since: c.status_since?.toISOString() ?? null,
			ticket: ticket ? { id: ticket.id, number: ticket.number, status: ticket.status } : null
		};
	});
}
