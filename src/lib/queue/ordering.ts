import { isCallable, isPriority, type QueueTicket } from './ticket';

/** A unit's policy: strict precedence (the law's default) or N priority calls then M normal ones. */
export type OrderingSettings =
	| { readonly mode: 'strict' }
	| { readonly mode: 'ratio'; readonly priorityCalls: number; readonly normalCalls: number };

/** A unit's policy as its settings give it: strict order unless the unit chose another. */
export function orderingOf(settings: { readonly ordering?: OrderingSettings }): OrderingSettings {
	return settings.ordering ?? { mode: 'strict' };
}

/** One past call in the scope the ratio counts over; record `priority` as the called ticket's weight > 0. */
export interface RecentCall {
	readonly priority: boolean;
}

export interface OrderingInput {
	readonly waiting: readonly QueueTicket[];
	/** Service codes the counter serves; tickets of other services are invisible to it. */
	readonly counterServices: readonly string[];
	readonly settings: OrderingSettings;
	/** Most recent first. */
	readonly recentCalls: readonly RecentCall[];
	readonly now: Date;
	/** How late a check-in may be and still keep the appointment's slot; default {@link DEFAULT_APPOINTMENT_GRACE_MINUTES}. */
	readonly appointmentGraceMinutes?: number;
}

export type PickReasonCode = 'appointment_due' | 'priority' | 'fifo' | 'ratio_normal_turn';

export interface PickReason {
	readonly code: PickReasonCode;
	readonly text: string;
}

export interface QueuePick {
	readonly ticket: QueueTicket;
	readonly reason: PickReason;
}

export type PickResult = ({ readonly ok: true } & QueuePick) | { readonly ok: false; readonly code: 'queue_empty' };

export const DEFAULT_APPOINTMENT_GRACE_MINUTES = 15;

type Lane = 'due' | 'priority' | 'normal';

/** The run of same-kind calls at the head of the history, and the length of the run before it. */
interface Streak {
	readonly priority: boolean | null;
	readonly length: number;
	readonly previousLength: number;
}

/** The lanes' own orders (appointment time; weight then arrival; arrival then id), shared with the wait forecast. */
export const byAppointment = (a: QueueTicket, b: QueueTicket) =>
	(a.appointmentAt as Date).getTime() - (b.appointmentAt as Date).getTime() || byArrival(a, b);
export const byWeight = (a: QueueTicket, b: QueueTicket) => b.priorityWeight - a.priorityWeight || byArrival(a, b);
export const byArrival = (a: QueueTicket, b: QueueTicket) =>
	a.arrivedAt.getTime() - b.arrivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** "An appointment checked in on time is called at its time": due once its time has come, if the check-in was not late. */
function isDueAppointment(ticket: QueueTicket, now: Date, graceMinutes: number): boolean {
	const at = ticket.appointmentAt;
	if (!at) return false;
	return at.getTime() <= now.getTime() && ticket.arrivedAt.getTime() <= at.getTime() + graceMinutes * 60_000;
}

function streakOf(calls: readonly RecentCall[]): Streak {
	if (calls.length === 0) return { priority: null, length: 0, previousLength: 0 };
	const kind = calls[0].priority;
	let length = 0;
	while (length < calls.length && calls[length].priority === kind) length++;
	let previousLength = 0;
	while (length + previousLength < calls.length && calls[length + previousLength].priority !== kind) previousLength++;
	return { priority: kind, length, previousLength };
}

function afterCall(streak: Streak, priority: boolean): Streak {
	return streak.priority === priority
		? { priority, length: streak.length + 1, previousLength: streak.previousLength }
		: { priority, length: 1, previousLength: streak.length };
}

/**
 * Unit option of an interleave ratio: after `priorityCalls` consecutive priority calls the
 * next `normalCalls` go to normal tickets, while both kinds wait. The legal default keeps
 * priority first, so a priority ticket is never held back more than `normalCalls` calls and
 * a normal one never more than `priorityCalls`.
 */
function isNormalTurn(settings: OrderingSettings, streak: Streak): boolean {
	if (settings.mode !== 'ratio') return false;
	// A ratio that gives normal tickets no turn is strict; one that gives priority none would
	// break Decreto 5.296/2004 art. 6, so it is read as at least one priority call.
	const priorityCalls = Math.max(1, Math.floor(settings.priorityCalls) || 0);
	const normalCalls = Math.max(0, Math.floor(settings.normalCalls) || 0);
	if (normalCalls === 0 || streak.priority === null) return false;
	if (streak.priority) return streak.length >= priorityCalls;
	return streak.previousLength >= priorityCalls && streak.length < normalCalls;
}

function reasonFor(ticket: QueueTicket, lane: Lane, normalTurn: boolean): PickReason {
	if (lane === 'due')
		return {
			code: 'appointment_due',
			text: `Appointment at ${(ticket.appointmentAt as Date).toISOString()} is due; appointments on time go ahead of walk-ins.`
		};
	if (lane === 'priority')
		return {
			code: 'priority',
			text: `Priority group ${ticket.priorityCode} (weight ${ticket.priorityWeight}) goes first; earliest arrival within the weight.`
		};
	if (normalTurn)
		return {
			code: 'ratio_normal_turn',
			text: "Normal tickets' turn under the unit's priority ratio; earliest arrival first."
		};
	return { code: 'fifo', text: 'No priority or due appointment waiting; earliest arrival first.' };
}

/** Which lane calls next, given which lanes hold tickets and the run of past calls. */
function nextLane(settings: OrderingSettings, streak: Streak, due: boolean, priority: boolean, normal: boolean): { lane: Lane; normalTurn: boolean } {
	if (due) return { lane: 'due', normalTurn: false };
	if (!priority) return { lane: 'normal', normalTurn: false };
	if (!normal) return { lane: 'priority', normalTurn: false };
	const normalTurn = isNormalTurn(settings, streak);
	return { lane: normalTurn ? 'normal' : 'priority', normalTurn };
}

function laneOf(ticket: QueueTicket, now: Date, grace: number): Lane {
	return isDueAppointment(ticket, now, grace) ? 'due' : isPriority(ticket) ? 'priority' : 'normal';
}

/**
 * Decreto 5.296/2004 art. 6 and Lei 13.466/2017 as docs/domain.md#priority-in-the-queue chooses them: due appointments,
 * then highest priority weight, then arrival (FIFO, tie on id), with an optional interleave
 * ratio — the whole projected call order for a counter, each entry with its reason. A remote
 * ticket whose visitor has not arrived is left out: it is never called, and nobody waits behind it.
 */
export function orderQueue(input: OrderingInput): readonly QueuePick[] {
	const grace = input.appointmentGraceMinutes ?? DEFAULT_APPOINTMENT_GRACE_MINUTES;
	const services = new Set(input.counterServices);
	const lanes: Record<Lane, QueueTicket[]> = { due: [], priority: [], normal: [] };
	for (const ticket of input.waiting) {
		if (!isCallable(ticket) || !services.has(ticket.serviceCode)) continue;
		lanes[laneOf(ticket, input.now, grace)].push(ticket);
	}
	const { due, priority, normal } = lanes;
	due.sort(byAppointment);
	priority.sort(byWeight);
	normal.sort(byArrival);

	const order: QueuePick[] = [];
	let streak = streakOf(input.recentCalls);
	let d = 0;
	let p = 0;
	let n = 0;
	while (d < due.length || p < priority.length || n < normal.length) {
		const { lane, normalTurn } = nextLane(input.settings, streak, d < due.length, p < priority.length, n < normal.length);
		const ticket = lane === 'due' ? due[d++] : lane === 'priority' ? priority[p++] : normal[n++];
		order.push({ ticket, reason: reasonFor(ticket, lane, normalTurn) });
		streak = afterCall(streak, isPriority(ticket));
	}
	return order;
}

/**
 * The next ticket for a counter and why: the head of {@link orderQueue} (so the call and the
 * estimate never disagree), found without ordering the rest — the wait forecast asks it for
 * every simulated call.
 */
export function pickNext(input: OrderingInput): PickResult {
	const grace = input.appointmentGraceMinutes ?? DEFAULT_APPOINTMENT_GRACE_MINUTES;
	const services = input.counterServices;
	let due: QueueTicket | null = null;
	let priority: QueueTicket | null = null;
	let normal: QueueTicket | null = null;
	for (const ticket of input.waiting) {
		if (!isCallable(ticket) || !services.includes(ticket.serviceCode)) continue;
		const lane = laneOf(ticket, input.now, grace);
		if (lane === 'due') {
			if (due === null || byAppointment(ticket, due) < 0) due = ticket;
		} else if (lane === 'priority') {
			if (priority === null || byWeight(ticket, priority) < 0) priority = ticket;
		} else if (normal === null || byArrival(ticket, normal) < 0) normal = ticket;
	}
	if (!due && !priority && !normal) return { ok: false, code: 'queue_empty' };
	const { lane, normalTurn } = nextLane(input.settings, streakOf(input.recentCalls), due !== null, priority !== null, normal !== null);
	const ticket = (lane === 'due' ? due : lane === 'priority' ? priority : normal)!;
	return { ok: true, ticket, reason: reasonFor(ticket, lane, normalTurn) };
}

/**
 * What a newcomer's place needs of its service's queue, as the database can count it from an
 * index instead of reading every ticket: walk-ins (no appointment) per priority weight, split at
 * the newcomer's arrival, and the appointment tickets themselves (few).
 */
export interface QueueSummary {
	readonly walkIns: readonly { readonly weight: number; readonly arrivedBefore: number; readonly arrivedAfter: number }[];
	readonly appointments: readonly QueueTicket[];
}

/** Sorts after every stored uuid: a newcomer arriving in the same millisecond as a waiting ticket goes behind it. */
export const NEWCOMER_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * The place {@link orderQueue} gives a ticket not yet written, from a {@link QueueSummary} of its
 * service's queue: stand-ins with the counted weights and arrivals are merged by orderQueue
 * itself, so the place shown at issue can never disagree with the call order.
 */
export function newcomerPosition(summary: QueueSummary, newcomer: QueueTicket, input: Omit<OrderingInput, 'waiting' | 'counterServices'>): number {
	const waiting: QueueTicket[] = [...summary.appointments];
	const before = new Date(newcomer.arrivedAt.getTime() - 1);
	const after = new Date(newcomer.arrivedAt.getTime() + 1);
	let n = 0;
	const standIn = (weight: number, arrivedAt: Date): QueueTicket => ({
		id: `standin-${n++}`,
		number: '',
		serviceCode: newcomer.serviceCode,
		priorityCode: weight > 0 ? `weight-${weight}` : 'normal',
		priorityWeight: weight,
		arrivedAt,
		enqueuedAt: arrivedAt,
		appointmentAt: null,
		status: 'waiting'
	});
	for (const group of summary.walkIns) {
		for (let i = 0; i < group.arrivedBefore; i++) waiting.push(standIn(group.weight, before));
		for (let i = 0; i < group.arrivedAfter; i++) waiting.push(standIn(group.weight, after));
	}
	waiting.push({ ...newcomer, id: NEWCOMER_ID });
	const order = orderQueue({ ...input, waiting, counterServices: [newcomer.serviceCode] });
	return order.findIndex((pick) => pick.ticket.id === NEWCOMER_ID);
}
