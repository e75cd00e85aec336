import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { actorLabel } from '$lib/auth/actor-label';
import { parse } from '$lib/server/http/validate';
import { mayOperate } from './operator';
import { orderingOf, orderQueue, type PickReason } from './ordering';
import type { Db } from '$lib/server/db/database';
import { callCandidates, claimForCall, recentCalls } from './line-store.server';
import { lockCounterForCall, type LockedCounter } from './counter-store.server';
import { ticketStanding } from './ticket-store.server';
import { exactPrefix } from './candidates';
import type { UnitRecord } from '$lib/units/store.server';
import { transition } from './state-machine';
import { publishUnit, type CallNotice } from './publish.server';
import type { CalledTicket } from './views';

export const CallInput = z.object({ ticket: z.string().uuid() });

/** Checks the counter can call now: open, worked by this actor, and with nobody at the desk. */
async function readyCounter(trx: Db, actor: Actor, counterId: string) {
	const { counter, unit, busy } = await lockCounterForCall(trx, counterId);
	authorize(actor, 'counter:operate', { unitId: counter.unitId });
	if (counter.status !== 'open') throw new VezError('counter_closed', counter.status === 'paused' ? 'The counter is paused.' : 'Open the counter first.');
	if (!mayOperate(actor, counter.clerkId)) throw new VezError('counter_taken', 'Another clerk is working at this counter.');
	if (busy) throw new VezError('counter_busy', 'Finish, transfer or mark the current ticket first.');
	return { counter, unit };
}

/**
 * Calls the first of `picks` (in the ordering policy's order) that no rival counter holds or took,
 * in one round trip (see claimForCall); null when rivals had them all.
 */
async function claimAndCall(trx: Db, actor: Actor, counter: LockedCounter, picks: readonly { id: string; reason: PickReason }[], now: Date): Promise<CalledTicket | null> {
	const ticket = await claimForCall(
		trx,
		picks.map((p) => ({ ticketId: p.id, reason: p.reason.code })),
		{ unitId: counter.unitId, counterId: counter.id, clerkId: actor.kind === 'user' ? actor.id : null, actor: actorLabel(actor), at: now }
	);
	if (!ticket) return null;
	return {
		id: ticket.id,
		publicId: ticket.publicId,
		number: ticket.number,
		service: { code: ticket.serviceCode, name: ticket.serviceName },
		priority: ticket.priorityCode && ticket.priorityName ? { code: ticket.priorityCode, name: ticket.priorityName } : null,
		status: 'called',
		issuedAt: ticket.issuedAt.toISOString(),
		calledAt: now.toISOString(),
		waitedSeconds: Math.round((now.getTime() - ticket.queuedAt.getTime()) / 1000),
		counter: { id: counter.id, number: counter.number, name: counter.name },
		reason: picks.find((p) => p.id === ticket.id)!.reason,
		appointmentAt: ticket.appointmentAt?.toISOString() ?? null
	};
}

export function callNotice(called: CalledTicket, recall: boolean, at: string): CallNotice {
	return {
		counterId: called.counter.id,
		publicId: called.publicId,
		payload: {
			number: called.number,
			counter: called.counter.number,
			counterName: called.counter.name,
			service: called.service.name,
			calledAt: at,
			recall
		}
	};
}

function finishCall(deps: Deps, called: CalledTicket | null, unit: UnitRecord) {
	publishUnit(deps, unit, called ? [callNotice(called, false, called.calledAt)] : [], called ? [called.id] : []);
	return called;
}

// Enough for every rival counter's in-flight claim to be skipped and still find a free ticket;
// when all of them are taken, the whole queue is read.
const CANDIDATES_PER_LANE = 64;
const WHOLE_QUEUE = 1_000_000_000;

/**
 * The clerk presses "next": the ordering policy ranks the head of the queue and the first
 * ticket nobody else holds is taken with FOR UPDATE SKIP LOCKED, so two counters (or two server
 * processes) never call the same ticket and a rival's lock never makes a counter wait. Null when
 * nothing waits.
 */
export async function callNext(deps: Deps, actor: Actor, counterId: string): Promise<CalledTicket | null> {
	const now = deps.now();
	// Round trips: the counter locked with its unit and desk, the head of each lane, the claim
	// (one statement that also writes the history row, however many rivals took the first picks),
	// and the transaction's own two — however long the queue and however many counters call.
	const { called, unit } = await deps.db.transaction().execute(async (trx) => {
		const { counter, unit } = await readyCounter(trx, actor, counterId);
		const settings = orderingOf(unit.settings);
		// Only the interleave ratio looks at past calls.
		const calls = settings.mode === 'ratio' ? await recentCalls(trx, unit.id) : [];
		for (const perLane of [CANDIDATES_PER_LANE, WHOLE_QUEUE]) {
			const candidates = await callCandidates(trx, unit.id, counter.serviceIds, counter.id, perLane);
			const order = orderQueue({
				waiting: candidates.tickets,
				counterServices: [...new Set(candidates.tickets.map((t) => t.serviceCode))],
				settings,
				appointmentGraceMinutes: unit.settings.appointments?.lateMinutes,
				recentCalls: calls,
				now
			});
			const picks = order.slice(0, exactPrefix(order, candidates)).map((p) => ({ id: p.ticket.id, reason: p.reason }));
			const called = await claimAndCall(trx, actor, counter, picks, now);
			if (called) return { called, unit };
			if (!candidates.truncated.priority && !candidates.truncated.normal) break;
		}
		return { called: null, unit };
	});
	return finishCall(deps, called, unit);
}

/** The clerk calls one particular waiting ticket (a person at the desk, an appointment) out of order. */
export async function callTicket(deps: Deps, actor: Actor, counterId: string, raw: unknown): Promise<CalledTicket> {
	const input = parse(CallInput, raw);
	const now = deps.now();
	const { called, unit } = await deps.db.transaction().execute(async (trx) => {
		const { counter, unit } = await readyCounter(trx, actor, counterId);
		const reason: PickReason = { code: 'fifo', text: 'Called by the clerk out of order.' };
		const called = await claimAndCall(trx, actor, counter, [{ id: input.ticket, reason }], now);
		if (!called) {
			const current = await ticketStanding(trx, { id: input.ticket });
			if (!current || current.unitId !== counter.unitId) throw new VezError('ticket_not_found', 'No such ticket in this unit.');
			if (current.status === 'waiting' && current.awaitingArrival) throw new VezError('invalid_transition', 'The visitor has not arrived yet: they check in at the kiosk or on their phone first.');
			const t = transition(current.status, 'call');
			throw new VezError('invalid_transition', t.ok ? 'Another counter is calling this ticket right now.' : t.message);
		}
		return { called, unit };
	});
	finishCall(deps, called, unit);
	return called;
}
