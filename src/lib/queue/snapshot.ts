import {
	arrivalScale,
	dayPace,
	DEFAULT_LOG_SPREAD,
	forecastWaits,
	naiveWaitMinutes,
	newcomerKey,
	positionOf,
	waitRange,
	type CheckInTimes,
	type ForecastCounter,
	type PaceSample,
	type ServiceProfile,
	type WaitRange
} from './estimate';
import { DEFAULT_APPOINTMENT_GRACE_MINUTES, orderQueue, type OrderingSettings, type QueuePick, type RecentCall } from './ordering';
import type { QueueTicket } from './ticket';
import { aheadIfArrived } from './remote';
import { seededRandom } from '$lib/random';

export interface SnapshotService {
	readonly id: string;
	readonly code: string;
	/** The catalogue's expected service time, used until the unit has a history of its own. */
	readonly expectedServiceMinutes: number;
}

/** What the forecast reads besides the queue: the counters now, the unit's history, today's pace. */
export interface ForecastFacts {
	/** Hours since local midnight in the unit's zone. */
	readonly localHour: number;
	readonly counters: readonly ForecastCounter[];
	/** By service code; a service without one falls back to its catalogue time. */
	readonly profiles: ReadonlyMap<string, ServiceProfile>;
	readonly booked: readonly { readonly serviceCode: string; readonly at: Date }[];
	readonly appointmentShowShare: number;
	/** When booked visitors check in relative to their time; the forecast's default where the unit has no history. */
	readonly appointmentCheckIns?: CheckInTimes;
	/** Today's latest service times. */
	readonly todaySamples: readonly PaceSample[];
	/** Priority walk-ins issued so far today (the forecast scales the usual rates by them); unknown: the usual rates. */
	readonly priorityWalkInsToday?: number;
	readonly typicalPauseSeconds: number;
	/** Pauses an open counter starts per hour, by local hour, from the unit's history (see ForecastInput). */
	readonly pausesPerHour?: readonly number[];
}

export interface SnapshotInput {
	/** The services to project (all of the unit's, or the one a caller asks about). */
	readonly services: readonly SnapshotService[];
	/** Every waiting ticket of the unit: services share counters. */
	readonly waiting: readonly QueueTicket[];
	readonly settings: OrderingSettings;
	/** The unit's check-in lateness that still keeps an appointment (settings.appointments.lateMinutes). */
	readonly appointmentGraceMinutes?: number;
	readonly recentCalls: readonly RecentCall[];
	readonly now: Date;
	readonly facts: ForecastFacts;
	/** Only these tickets need an estimate (a ticket being issued); default: every waiting one and a newcomer per service. */
	readonly track?: readonly string[];
}

export interface ServiceQueue {
	readonly service: SnapshotService;
	/** The projected call order of this service's queue, each with its reason. */
	readonly order: readonly QueuePick[];
	/** Open counters serving it, whole (what the naive rule counts). */
	readonly openCounters: number;
	/** The unit's usual service time for it (seconds). */
	readonly meanServiceSeconds: number;
	readonly longestWaitSeconds: number;
	/** What a ticket issued now would wait (it joins behind everyone). */
	readonly estimateForNew: WaitRange;
	readonly estimateForNewMinutes: number;
	/** What a priority ticket issued now would wait, by weight (for the weights the unit's priority walk-ins have), and its place then. */
	readonly estimateForPriority: ReadonlyMap<number, { readonly position: number; readonly wait: WaitRange }>;
	/** The forecast of each tracked waiting ticket of this service. */
	readonly waits: ReadonlyMap<string, WaitRange>;
	/** Remote tickets not yet arrived, by id: their number and the people ahead of each were it to arrive now (it keeps its place). */
	readonly awaiting: ReadonlyMap<string, { readonly number: string; readonly ahead: number }>;
}

/** A waiting ticket's place, the forecast shown for it, and the naive rule's figure (recorded at issue). */
export interface Place {
	readonly position: number;
	readonly estimatedWaitMinutes: number;
	readonly estimatedWait: { readonly low: number; readonly high: number };
	readonly naiveWaitMinutes: number;
}

// A budget of simulated calls per forecast: 48 runs for up to 166 waiting tickets, fewer for
// longer queues (each run covers more calls, and the deepest tickets' spread narrows anyway), so
// a unit with 500 waiting stays well within the 20 ms the screens and the issue can spend.
const SIMULATED_CALLS = 8_000;
const runsFor = (waiting: number) => Math.max(8, Math.min(48, Math.floor(SIMULATED_CALLS / Math.max(1, waiting))));
// A fixed seed: the same state gives the same forecast, so screens do not flicker between refreshes.
const FORECAST_SEED = 20;
// Sorts after every waiting ticket of its weight: an id above any uuid.
const PRIORITY_NEWCOMER_ID = '\uffffnewcomer';
// A unit without history: the share of calls nobody answers, from the demo history's order of magnitude.
const DEFAULT_NO_SHOW_SHARE = 0.05;

/** The unit's history for a service, or what the catalogue says where it has none. */
function profileOf(service: SnapshotService, facts: ForecastFacts): ServiceProfile {
	return (
		facts.profiles.get(service.code) ?? {
			code: service.code,
			meanServiceSeconds: Math.max(60, service.expectedServiceMinutes * 60),
			logSpread: DEFAULT_LOG_SPREAD,
			noShowShare: DEFAULT_NO_SHOW_SHARE,
			transferShare: 0,
			transfersTo: [],
			priorityArrivals: []
		}
	);
}

/** The unit's queues per service, with positions under the ordering policy and forecast waits. */
export function queueSnapshot(input: SnapshotInput): Map<string, ServiceQueue> {
	const { facts } = input;
	const profiles = new Map(facts.profiles);
	for (const s of input.services) profiles.set(s.code, profileOf(s, facts));
	const usual = new Map([...profiles].map(([code, p]) => [code, p.meanServiceSeconds]));
	// A priority newcomer goes ahead of the normal tickets at every counter serving its service, so
	// it is forecast on its own (per weight its unit's priority walk-ins have), not given the wait
	// of the ticket it goes ahead of.
	const priorityWeights = (code: string) => [...new Set(profiles.get(code)!.priorityArrivals.map((g) => g.weight).filter((w) => w > 0))];
	const forecast = forecastWaits({
		now: input.now,
		localHour: facts.localHour,
		waiting: input.waiting,
		track: input.track ?? input.waiting.filter((t) => input.services.some((s) => s.code === t.serviceCode)).map((t) => t.id),
		newcomers: input.track ? [] : input.services.map((s) => s.code),
		priorityNewcomers: input.track ? [] : input.services.flatMap((s) => priorityWeights(s.code).map((weight) => ({ serviceCode: s.code, weight }))),
		services: [...profiles.values()],
		counters: facts.counters,
		booked: facts.booked,
		appointmentShowShare: facts.appointmentShowShare,
		appointmentCheckIns: facts.appointmentCheckIns,
		pace: dayPace(facts.todaySamples, usual, input.now, new Map([...profiles].map(([code, p]) => [code, p.logSpread]))),
		arrivalScale: facts.priorityWalkInsToday === undefined ? 1 : arrivalScale([...profiles.values()], facts.localHour, facts.priorityWalkInsToday),
		typicalPauseSeconds: facts.typicalPauseSeconds,
		pausesPerHour: facts.pausesPerHour,
		settings: input.settings,
		recentCalls: input.recentCalls,
		appointmentGraceMinutes: input.appointmentGraceMinutes,
		runs: runsFor(input.waiting.length),
		random: seededRandom(FORECAST_SEED)
	});

	const out = new Map<string, ServiceQueue>();
	for (const service of input.services) {
		const ordering = {
			waiting: input.waiting,
			counterServices: [service.code],
			settings: input.settings,
			appointmentGraceMinutes: input.appointmentGraceMinutes,
			recentCalls: input.recentCalls,
			now: input.now
		};
		const order = orderQueue(ordering);
		const awaiting = new Map<string, { number: string; ahead: number }>();
		for (const t of input.waiting) {
			if (!t.awaitingArrival || t.serviceCode !== service.code) continue;
			const ahead = aheadIfArrived(ordering, t.id);
			if (ahead !== null) awaiting.set(t.id, { number: t.number, ahead });
		}
		const openCounters = facts.counters.filter((c) => c.status === 'open' && c.services.includes(service.code)).length;
		const meanServiceSeconds = profiles.get(service.code)!.meanServiceSeconds;
		const waits = new Map<string, WaitRange>();
		for (const pick of order) {
			const wait = forecast.waits.get(pick.ticket.id);
			if (wait) waits.set(pick.ticket.id, waitRange(wait));
		}
		const estimateForPriority = new Map<number, { position: number; wait: WaitRange }>();
		for (const weight of priorityWeights(service.code)) {
			const wait = forecast.waits.get(newcomerKey(service.code, weight));
			if (!wait) continue;
			const ghost: QueueTicket = { id: PRIORITY_NEWCOMER_ID, number: '', serviceCode: service.code, priorityCode: 'newcomer', priorityWeight: weight, arrivedAt: input.now, enqueuedAt: input.now, appointmentAt: null, status: 'waiting' };
			const position = orderQueue({ ...ordering, waiting: [...input.waiting, ghost] }).findIndex((p) => p.ticket.id === PRIORITY_NEWCOMER_ID);
			estimateForPriority.set(weight, { position, wait: waitRange(wait) });
		}
		const forNew = forecast.waits.get(newcomerKey(service.code));
		const naiveNew = naiveWaitMinutes(order.length, meanServiceSeconds, openCounters);
		const estimateForNew = forNew ? waitRange(forNew) : { minutes: naiveNew, low: naiveNew, high: naiveNew };
		const oldest = order.reduce((min, p) => Math.min(min, p.ticket.arrivedAt.getTime()), Infinity);
		out.set(service.code, {
			service,
			order,
			openCounters,
			meanServiceSeconds,
			longestWaitSeconds: Number.isFinite(oldest) ? Math.max(0, Math.round((input.now.getTime() - oldest) / 1000)) : 0,
			estimateForNew,
			estimateForNewMinutes: estimateForNew.minutes,
			estimateForPriority,
			waits,
			awaiting
		});
	}
	return out;
}

/**
 * A waiting ticket's place in its service's queue and its forecast wait; null when it is not
 * waiting there. A remote ticket not yet arrived gets the place it would have on arriving now.
 */
export function placeOf(queue: ServiceQueue | undefined, ticketId: string): Place | null {
	if (!queue) return null;
	const position = positionOf(ticketId, queue.order) ?? queue.awaiting.get(ticketId)?.ahead ?? null;
	if (position === null) return null;
	const wait = shownWait(queue, ticketId, position);
	return {
		position,
		estimatedWaitMinutes: wait.minutes,
		estimatedWait: { low: wait.low, high: wait.high },
		naiveWaitMinutes: naiveWaitMinutes(position, queue.meanServiceSeconds, queue.openCounters)
	};
}

/** The forecast shown for a waiting ticket at this position, or the naive rule's figure where the forecast did not track it. */
export function shownWait(queue: Pick<ServiceQueue, 'waits' | 'meanServiceSeconds' | 'openCounters'>, ticketId: string, position: number): WaitRange {
	const naive = naiveWaitMinutes(position, queue.meanServiceSeconds, queue.openCounters);
	return queue.waits.get(ticketId) ?? { minutes: naive, low: naive, high: naive };
}

/**
 * A newcomer's place from a forecast made a moment earlier: a normal ticket behind everyone the
 * forecast saw, or a priority one of a weight it forecast, waits what such a new ticket waited
 * then plus, for tickets ahead of it issued since, the naive rule's minutes within the forecast's
 * own range margins — until the next beat forecasts them all again; any other newcomer ahead of
 * someone takes the slot (and so the forecast wait) of the ticket it goes ahead of. An
 * appointment checked in on time waits no longer than until its time (see {@link dueAppointmentWait}).
 */
export function placeFromForecast(queue: ServiceQueue, position: number, appointment?: AppointmentCheckIn, priorityWeight = 0): Place {
	const place = placeInQueue(queue, position, priorityWeight);
	const due = appointment ? dueAppointmentWait(queue, appointment) : null;
	if (!due || due.minutes >= place.estimatedWaitMinutes) return place;
	// Whichever comes first: its turn among the walk-ins or its appointment's time.
	return {
		...place,
		estimatedWaitMinutes: due.minutes,
		estimatedWait: { low: Math.min(due.low, place.estimatedWait.low), high: Math.min(due.high, place.estimatedWait.high) }
	};
}

/** A ticket checked in for an appointment: its time, when the check-in happened, and how late still keeps the slot. */
export interface AppointmentCheckIn {
	readonly appointmentAt: Date;
	readonly arrivedAt: Date;
	readonly now: Date;
	readonly graceMinutes?: number;
}

/**
 * An appointment checked in on time waits in the walk-ins' order until its time, then goes ahead
 * of them all (the ordering's due lane): from then, it waits for the first counter serving the
 * service to free up — with n of them busy, about a service time ÷ (n + 1). The position the
 * walk-ins' order gives it at check-in knows nothing of that, and put it behind everyone.
 * Null for a late check-in (it is a walk-in).
 */
export function dueAppointmentWait(queue: Pick<ServiceQueue, 'meanServiceSeconds' | 'openCounters'>, a: AppointmentCheckIn): WaitRange | null {
	const grace = a.graceMinutes ?? DEFAULT_APPOINTMENT_GRACE_MINUTES;
	if (a.arrivedAt.getTime() > a.appointmentAt.getTime() + grace * 60_000) return null;
	const until = Math.max(0, (a.appointmentAt.getTime() - a.now.getTime()) / 1000);
	const firstFree = Math.max(0, queue.meanServiceSeconds) / (Math.max(1, queue.openCounters) + 1);
	return waitRange({ p10: until, p50: until + firstFree, p90: until + 2.5 * firstFree });
}

function placeInQueue(queue: ServiceQueue, position: number, priorityWeight: number): Place {
	const naive = naiveWaitMinutes(position, queue.meanServiceSeconds, queue.openCounters);
	const priority = priorityWeight > 0 ? queue.estimateForPriority.get(priorityWeight) : undefined;
	const seen = priority ? priority.position : queue.order.length;
	if (!priority && position < seen) {
		const wait = queue.waits.get(queue.order[position].ticket.id) ?? { minutes: naive, low: naive, high: naive };
		return { position, estimatedWaitMinutes: wait.minutes, estimatedWait: { low: wait.low, high: wait.high }, naiveWaitMinutes: naive };
	}
	const base = priority ? priority.wait : queue.estimateForNew;
	const extraSeconds = (Math.max(0, position - seen) * queue.meanServiceSeconds) / Math.max(1, queue.openCounters);
	const extra = waitRange({ p10: extraSeconds, p50: extraSeconds, p90: extraSeconds });
	return {
		position,
		estimatedWaitMinutes: base.minutes + extra.minutes,
		estimatedWait: { low: base.low + extra.low, high: base.high + extra.high },
		naiveWaitMinutes: naive
	};
}
