import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { servicesOfUnit, unitById, unitBySlug } from '$lib/units/store.server';
import { loadQueueState } from './queue-state.server';
import { publicViews } from './ticket-view.server';
import type { CallView, PublicTicketAnswer, UnitCounterView, UnitQueueView, UnitServiceView } from './views';
import { isPublicId } from './ticket';
import { countersWithClerks } from './counter-store.server';
import { lastCallRows, ticketsAtCounters, ticketsInLine } from './view-store.server';
import { ticketStanding } from './ticket-store.server';
import { serviceCodesById } from '$lib/catalogue/store.server';

/** `GET /units/{unit}/services`: what a kiosk offers, with the queue length and the wait a new ticket faces. */
export async function unitServices(deps: Deps, unitSlug: string): Promise<UnitServiceView[]> {
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
			promisedWaitMinutes: s.expectedWaitMinutes,
			openCounters: q?.openCounters ?? 0,
			allowsPriority: s.allowsPriority
		};
	});
}

/** `GET /tickets/{publicId}`: the visitor's view; an unknown id is simply not found. */
export async function publicTicket(deps: Deps, publicId: string): Promise<PublicTicketAnswer> {
	if (!isPublicId(publicId)) throw new VezError('ticket_not_found', 'No such ticket.');
	const ticket = await ticketStanding(deps.db, { publicId });
	if (!ticket) throw new VezError('ticket_not_found', 'No such ticket.');
	const unit = await unitById(deps.db, ticket.unitId);
	const state = await loadQueueState(deps.db, unit, deps.now());
	const view = (await publicViews(deps.db, unit, state, { publicIds: [publicId] })).get(publicId);
	if (!view) throw new VezError('ticket_not_found', 'No such ticket.');
	return { ...view, publicId };
}

export const CallsQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10).meta({ description: 'How many, latest first' }) });

/** `GET /units/{unit}/calls`: the panel's history — number, counter, service, time; nothing personal. */
export async function lastCalls(deps: Deps, unitSlug: string, raw: unknown): Promise<CallView[]> {
	const { limit } = parse(CallsQuery, raw);
	const unit = await unitBySlug(deps.db, unitSlug);
	const rows = await lastCallRows(deps.db, unit.id, limit);
	return rows.map((r) => ({ ...r, calledAt: r.calledAt.toISOString() }));
}

/** `GET /units/{unit}/queue`: the staff's view of who waits (by service, in call order) and who is being served. */
export async function unitQueue(deps: Deps, actor: Actor, unitSlug: string): Promise<UnitQueueView> {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'queue:read', { unitId: unit.id });
	const now = deps.now();
	const state = await loadQueueState(deps.db, unit, now);
	const details = await ticketsInLine(deps.db, unit.id);
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
				issuedAt: d.issuedAt.toISOString(),
				waitingSeconds: Math.max(0, Math.round((now.getTime() - d.queuedAt.getTime()) / 1000)),
				appointmentAt: d.appointmentAt?.toISOString() ?? null,
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
					issuedAt: d.issuedAt.toISOString(),
					passedAt: d.passedAt?.toISOString() ?? null
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
			calledAt: d.calledAt?.toISOString() ?? null
		}));
	return { unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone }, services, inService };
}

/** `GET /units/{unit}/counters`: each counter's state, its clerk and what it serves. */
export async function unitCounters(deps: Deps, actor: Actor, unitSlug: string): Promise<UnitCounterView[]> {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'queue:read', { unitId: unit.id });
	const counters = await countersWithClerks(deps.db, unit.id);
	const codeOf = await serviceCodesById(deps.db);
	const current = await ticketsAtCounters(deps.db, unit.id);
	return counters.map((c) => {
		const ticket = current.find((t) => t.counterId === c.id);
		return {
			id: c.id,
			number: c.number,
			name: c.name,
			status: c.status,
			clerk: c.clerk,
			clerkId: c.clerkId,
			services: c.serviceIds.map((id) => codeOf.get(id)).filter((code): code is string => !!code),
			pauseReason: c.pauseReason,
			since: c.statusSince?.toISOString() ?? null,
			ticket: ticket ? { id: ticket.id, number: ticket.number, status: ticket.status } : null
		};
	});
}
