import { byAppointment, byArrival, byWeight, DEFAULT_APPOINTMENT_GRACE_MINUTES, pickNext, type OrderingSettings, type RecentCall } from './ordering';
import { isCallable, isPriority, type QueueTicket } from './ticket';
import { reseedableRandom, seededRandom } from '$lib/random';

/*
 * Lei 13.460/2017 art. 7 asks for the expected waiting time. The naive rule (people ahead ×
 * mean service time ÷ open counters) ignores what makes a unit's waits: counters shared by
 * several services, priority and appointment tickets that arrive later and go ahead, the time
 * the tickets at the counters still need, paused and closing counters, no-shows, transfers and
 * the day's pace. The forecast below plays the unit forward from its current state a few dozen
 * times — every call made by the ordering policy itself — and reads each waiting ticket's wait
 * from the runs as a distribution. Pure and deterministic: the random source is passed in.
 */

/** A wait as a distribution, in seconds from now. */
export interface WaitDistribution {
	readonly p10: number;
	readonly p50: number;
	readonly p90: number;
}

/** What a screen shows: whole minutes, `low`–`high`, and the middle figure (`minutes`). */
export interface WaitRange {
	readonly minutes: number;
	readonly low: number;
	readonly high: number;
}

/** What the unit's history says about one service (see queue_profiles). */
export interface ServiceProfile {
	readonly code: string;
	/** Mean service time in seconds, on the usual pace. */
	readonly meanServiceSeconds: number;
	/** Standard deviation of ln(service seconds): service times are log-normal. */
	readonly logSpread: number;
	/** Share of calls nobody answers. */
	readonly noShowShare: number;
	/** Share of calls that end in a transfer, and where to (shares of those transfers). */
	readonly transferShare: number;
	readonly transfersTo: readonly { readonly code: string; readonly share: number }[];
	/** Priority walk-ins per local hour (0–23) of an ordinary day, per priority group. */
	readonly priorityArrivals: readonly { readonly code: string; readonly weight: number; readonly perHour: readonly number[] }[];
}

export interface ForecastCounter {
	readonly id: string;
	readonly services: readonly string[];
	readonly status: 'open' | 'paused';
	/** The ticket at the counter now (called or being served) and for how long. */
	readonly current: { readonly serviceCode: string; readonly elapsedSeconds: number } | null;
	/** How long it has been paused (paused counters only). */
	readonly pausedSeconds: number;
	/** Seconds until it stops calling (the unit closes); null when not within the day. */
	readonly closesInSeconds: number | null;
}

export interface ForecastInput {
	readonly now: Date;
	/** Hours since local midnight in the unit's zone (fractional): arrival rates go by local hour. */
	readonly localHour: number;
	/** Every waiting ticket of the unit: services share counters, so all of them compete. */
	readonly waiting: readonly QueueTicket[];
	/** Waiting tickets to estimate (default: all). */
	readonly track?: readonly string[];
	/** Services whose next new ticket to estimate: a ticket issued now, behind everyone, that takes no counter's time. */
	readonly newcomers?: readonly string[];
	/** Next new priority tickets to estimate, by service and weight: issued now, behind those of their weight or more. */
	readonly priorityNewcomers?: readonly { readonly serviceCode: string; readonly weight: number }[];
	readonly services: readonly ServiceProfile[];
	readonly counters: readonly ForecastCounter[];
	/** Appointments booked for later today and not checked in yet. */
	readonly booked: readonly { readonly serviceCode: string; readonly at: Date }[];
	/** Share of booked appointments that check in. */
	readonly appointmentShowShare: number;
	/** When those who come check in, relative to their time (see {@link CheckInTimes}); default {@link DEFAULT_CHECK_IN_TIMES}. */
	readonly appointmentCheckIns?: CheckInTimes;
	/** Today's service times ÷ the usual ones (see {@link dayPace}). */
	readonly pace: number;
	/** Today's priority walk-ins ÷ the usual ones (see {@link arrivalScale}); default 1. */
	readonly arrivalScale?: number;
	/** How long a pause usually lasts, in seconds. */
	readonly typicalPauseSeconds: number;
	/**
	 * Pauses (breaks, lunch) an open counter starts per hour, by local hour (0–23), from the unit's
	 * history: each run pauses its counters at these rates, for about {@link typicalPauseSeconds}.
	 * Omitted or all zero: no pause that has not begun.
	 */
	readonly pausesPerHour?: readonly number[];
	readonly settings: OrderingSettings;
	/** Most recent first (the interleave ratio reads them). */
	readonly recentCalls: readonly RecentCall[];
	readonly appointmentGraceMinutes?: number;
	/** Number of simulated futures; more is smoother and slower. */
	readonly runs: number;
	/** Uniform [0, 1): a seeded PRNG, so the same state gives the same forecast. */
	readonly random: () => number;
}

export interface Forecast {
	/** By waiting ticket id, and by service code (and weight) for newcomers (`new:<code>`, `new:<code>:<weight>`). */
	readonly waits: ReadonlyMap<string, WaitDistribution>;
}

/** The key of a newcomer's wait in {@link Forecast.waits}: a normal ticket's, or a priority one's of this weight. */
export const newcomerKey = (serviceCode: string, weight = 0) => (weight > 0 ? `new:${serviceCode}:${weight}` : `new:${serviceCode}`);

/**
 * When booked visitors who come check in, from the unit's history: a share `lateShare` after
 * their time (spread over the grace period), the others within `earlySeconds` before it. A slot
 * whose visitor has not checked in yet grows less likely to be used as its time nears and passes.
 */
export interface CheckInTimes {
	readonly earlySeconds: number;
	readonly lateShare: number;
}

/** Fallbacks where a unit has no history yet. */
export const DEFAULT_CHECK_IN_TIMES: CheckInTimes = { earlySeconds: 600, lateShare: 0.2 };
export const DEFAULT_LOG_SPREAD = 0.5;
export const DEFAULT_NO_SHOW_SECONDS = 90;
// Beyond this a forecast run stops: the tickets left wait "more than a day", shown as the horizon.
const HORIZON_SECONDS = 12 * 3600;
// How long a counter idles before looking again when its queues are empty and nothing is due.
const IDLE_STEP_SECONDS = 60;
// Numbering of the tickets a run makes up, apart from the waiting ones (0…).
const WALK_IN_SEQ = 1 << 24;
const BOOKED_SEQ = 1 << 25;
const TRANSFER_SEQ = 1 << 26;

interface SimTicket extends QueueTicket {
	/** Index of its service among the simulated ones, and of its lane (appointment, priority, normal). */
	readonly svc: number;
	readonly lane: number;
	/** Draws for this ticket (its service time, no-show, transfer) come from this number and the run's seed alone. */
	readonly seq: number;
	/** Index of the tracked ticket (its column of results), or -1. */
	readonly slot: number;
	/** A newcomer: recorded when called, but takes none of the counter's time. */
	readonly ghost: boolean;
}

/** One service's queue in a run: three lanes in their own order, each consumed from `head`. */
interface Lanes {
	appointment: SimTicket[];
	priority: SimTicket[];
	normal: SimTicket[];
	heads: [number, number, number];
}

type LaneName = 'appointment' | 'priority' | 'normal';
const LANE_NAMES: readonly LaneName[] = ['appointment', 'priority', 'normal'];
const LANE_INDEX: Record<LaneName, number> = { appointment: 0, priority: 1, normal: 2 };
const laneOf = (t: QueueTicket): LaneName => (t.appointmentAt ? 'appointment' : isPriority(t) ? 'priority' : 'normal');
const ORDER: Record<LaneName, (a: QueueTicket, b: QueueTicket) => number> = { appointment: byAppointment, priority: byWeight, normal: byArrival };

function insertSorted(list: SimTicket[], from: number, ticket: SimTicket, order: (a: QueueTicket, b: QueueTicket) => number) {
	let lo = from;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (order(list[mid], ticket) <= 0) lo = mid + 1;
		else hi = mid;
	}
	list.splice(lo, 0, ticket);
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
	const u = Math.max(random(), 1e-12);
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A log-normal draw with the given mean and log-spread. */
function logNormal(random: () => number, mean: number, spread: number): number {
	if (mean <= 0) return 0;
	return Math.exp(Math.log(mean) - (spread * spread) / 2 + spread * gaussian(random));
}

/** Time a ticket at a counter still needs: a service time longer than what has passed, less what has passed. */
function remainingAt(random: () => number, mean: number, spread: number, elapsed: number): number {
	for (let i = 0; i < 8; i++) {
		const total = logNormal(random, mean, spread);
		if (total > elapsed) return total - elapsed;
	}
	// Far past the usual time: something unusual; assume a short while more.
	return mean * 0.25;
}

/** A Poisson stream of priority walk-ins of one group and service, drawn lazily by thinning. */
interface Stream {
	readonly service: string;
	readonly code: string;
	readonly weight: number;
	readonly perHour: readonly number[];
	readonly peak: number;
	/** Arrivals per hour proposed for thinning: the peak, at today's scale. */
	readonly rate: number;
	/** Its own draws, so a stream's arrivals do not hang on which other streams exist. */
	readonly random: () => number;
	readonly hash: number;
	count: number;
	next: number;
}

function advance(stream: Stream, from: number, localHour: number): number {
	const random = stream.random;
	let t = from;
	for (;;) {
		t += (-Math.log(Math.max(random(), 1e-12)) / stream.rate) * 3600;
		if (t > HORIZON_SECONDS) return Infinity;
		const hour = Math.floor(localHour + t / 3600) % 24;
		if (random() * stream.peak < stream.perHour[hour]) return t;
	}
}

/** A counter's next pause start after `from` (seconds from now): a Poisson process at `perHour` by local hour, drawn by thinning at `peak`. */
function nextPause(random: () => number, from: number, perHour: readonly number[], peak: number, localHour: number): number {
	let t = from;
	for (;;) {
		t += (-Math.log(Math.max(random(), 1e-12)) / peak) * 3600;
		if (t > HORIZON_SECONDS) return Infinity;
		const rate = perHour[Math.floor(localHour + t / 3600) % 24] ?? 0;
		if (random() * peak < rate) return t;
	}
}

/** FNV-1a of a string: a stable seed per arrival stream. */
function hashOf(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

function quantile(sorted: Float64Array, q: number): number {
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.min(sorted.length - 1, lo + 1);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Plays the unit forward `runs` times from now and gives each tracked ticket's wait until its
 * call as p10/p50/p90 (seconds). Each run: counters finish what they are doing (a log-normal
 * service time longer than what already passed), paused ones come back after a typical pause,
 * each free counter calls the ticket {@link pickNext} picks among the heads of the lanes of the
 * services it serves (exactly the call a clerk would get), priority walk-ins and booked
 * appointments arrive at the unit's hourly rates and go ahead by the same rule, a share of calls
 * are no-shows (a short loss) or end in a transfer (the ticket waits again in another service
 * with its arrival), and counters stop at closing time.
 */
export function forecastWaits(input: ForecastInput): Forecast {
	const profiles = new Map(input.services.map((s) => [s.code, s]));
	const nowMs = input.now.getTime();
	const tracked = input.track ? new Set(input.track) : null;
	const newcomers = input.newcomers ?? [];
	const keys: string[] = [];
	const base: { ticket: QueueTicket; slot: number; ghost: boolean }[] = [];
	for (const t of input.waiting) {
		// A remote ticket not yet arrived holds nobody up: the ordering never calls it meanwhile.
		if (!isCallable(t)) continue;
		const slot = !tracked || tracked.has(t.id) ? keys.push(t.id) - 1 : -1;
		base.push({ ticket: t, slot, ghost: false });
	}
	const ghosts = [...newcomers.map((code) => ({ serviceCode: code, weight: 0 })), ...(input.priorityNewcomers ?? []).filter((n) => n.weight > 0)];
	for (const { serviceCode: code, weight } of ghosts) {
		const slot = keys.push(newcomerKey(code, weight)) - 1;
		// Sorts after every waiting ticket of its lane and weight: it arrives now, with an id above any uuid.
		const ticket: QueueTicket = { id: `\uffff${code}:${weight}`, number: '', serviceCode: code, priorityCode: weight > 0 ? 'newcomer' : 'normal', priorityWeight: weight, arrivedAt: input.now, enqueuedAt: input.now, appointmentAt: null, status: 'waiting' };
		base.push({ ticket, slot, ghost: true });
	}
	const runs = Math.max(1, Math.floor(input.runs));
	const waits = new Map<string, WaitDistribution>();
	if (keys.length === 0) return { waits };

	// Services nobody serves now get one counter of their own, as if one were to open.
	const counters = input.counters.map((c) => ({ ...c }));
	const served = new Set(counters.flatMap((c) => c.services));
	const unserved = [...new Set(base.map((b) => b.ticket.serviceCode))].filter((code) => !served.has(code));
	for (const code of unserved) counters.push({ id: `assumed:${code}`, services: [code], status: 'open', current: null, pausedSeconds: 0, closesInSeconds: null });

	const laneTemplate = new Map<string, Record<LaneName, SimTicket[]>>();
	const lanesFor = (code: string) => {
		let l = laneTemplate.get(code);
		if (!l) laneTemplate.set(code, (l = { appointment: [], priority: [], normal: [] }));
		return l;
	};
	for (const code of served) lanesFor(code);
	for (const b of base) lanesFor(b.ticket.serviceCode);
	const serviceCodes = [...laneTemplate.keys()];
	const indexOf = new Map(serviceCodes.map((code, i) => [code, i]));
	// Every simulated ticket is built here with the same fields in the same order: one shape, so the
	// simulation's hot loop (and pickNext in it) reads them fast, where spreading copies did not.
	const sim = (t: QueueTicket, serviceCode: string, seq: number, slot: number, ghost: boolean): SimTicket => ({
		id: t.id,
		number: t.number,
		serviceCode,
		priorityCode: t.priorityCode,
		priorityWeight: t.priorityWeight,
		arrivedAt: t.arrivedAt,
		enqueuedAt: t.enqueuedAt,
		appointmentAt: t.appointmentAt,
		status: t.status,
		svc: indexOf.get(serviceCode)!,
		lane: LANE_INDEX[laneOf(t)],
		seq,
		slot,
		ghost
	});
	for (const [seq, b] of base.entries()) {
		const s = sim(b.ticket, b.ticket.serviceCode, seq, b.slot, b.ghost);
		laneTemplate.get(s.serviceCode)![LANE_NAMES[s.lane]].push(s);
	}
	for (const l of laneTemplate.values()) for (const name of LANE_NAMES) l[name].sort(ORDER[name]);
	const grace = input.appointmentGraceMinutes;
	const graceSeconds = (grace ?? DEFAULT_APPOINTMENT_GRACE_MINUTES) * 60;
	const checkIns = input.appointmentCheckIns ?? DEFAULT_CHECK_IN_TIMES;
	const pace = Number.isFinite(input.pace) && input.pace > 0 ? input.pace : 1;
	const scale = input.arrivalScale !== undefined && Number.isFinite(input.arrivalScale) && input.arrivalScale >= 0 ? input.arrivalScale : 1;
	// Per simulated service: its log-normal's parameters and its no-show and transfer shares.
	const params = serviceCodes.map((code) => {
		const p = profiles.get(code);
		const mean = Math.max(1, (p?.meanServiceSeconds ?? 600) * pace);
		const spread = p?.logSpread ?? DEFAULT_LOG_SPREAD;
		return { mean, spread, mu: Math.log(mean) - (spread * spread) / 2, noShow: p?.noShowShare ?? 0, transfer: p?.transferShare ?? 0, transfersTo: p?.transfersTo ?? [] };
	});
	const meanOf = (code: string) => params[indexOf.get(code) ?? -1]?.mean ?? 600 * pace;
	const spreadOf = (code: string) => params[indexOf.get(code) ?? -1]?.spread ?? DEFAULT_LOG_SPREAD;
	const counterServices = counters.map((c) => c.services.filter((code) => laneTemplate.has(code)));
	const pausesPerHour = input.pausesPerHour ?? [];
	const pauseRate = input.typicalPauseSeconds > 0 ? Math.max(0, ...pausesPerHour.map((r) => (Number.isFinite(r) ? r : 0))) : 0;
	const counterServiceIndexes = counterServices.map((codes) => codes.map((code) => indexOf.get(code)!));

	const results = new Float64Array(keys.length * runs);
	const clock = new Date(nowMs);
	// Common random numbers: each run has a seed, and every draw in it hangs on that seed and on
	// what it is for (a ticket, a counter, the arrivals), never on the order of events. A change
	// to the state (one more counter) then changes only what it touches, run by run.
	const ticketDraws = reseedableRandom();
	const seeds = Array.from({ length: runs }, () => Math.floor(input.random() * 4294967296));
	const calledFlags = new Uint8Array(keys.length);
	const ratio = input.settings.mode === 'ratio';
	for (let run = 0; run < runs; run++) {
		const seed = seeds[run];
		const bookingRandom = seededRandom(seed ^ 0x2545f491);
		const counterRandom = seededRandom(seed ^ 0x9e3779b9);
		const lanes: Lanes[] = serviceCodes.map((code) => {
			const l = laneTemplate.get(code)!;
			return { appointment: l.appointment.slice(), priority: l.priority.slice(), normal: l.normal.slice(), heads: [0, 0, 0] };
		});
		const lanesOfCounter = counterServiceIndexes.map((indexes) => indexes.map((i) => lanes[i]));
		const freeAt = counters.map((c) => {
			if (c.status === 'paused') {
				const left = Math.max(input.typicalPauseSeconds - c.pausedSeconds, input.typicalPauseSeconds / 4);
				return left * (0.5 + counterRandom());
			}
			return c.current ? remainingAt(counterRandom, meanOf(c.current.serviceCode), spreadOf(c.current.serviceCode), c.current.elapsedSeconds) : 0;
		});
		const closesAt = counters.map((c) => c.closesInSeconds ?? Infinity);
		const active = counters.map(() => true);
		// When each counter next takes a break: its own stream (common random numbers again), begun
		// once the ticket at the counter is done — a clerk does not leave a visitor mid-service — and,
		// for a counter paused now, only after it is back: the pause it is on is that break.
		const pauseStreams = pauseRate > 0 ? counters.map((c) => seededRandom(seed ^ hashOf(`pause|${c.id}`))) : [];
		const pauseAt = counters.map((c, i) =>
			pauseRate > 0 ? nextPause(pauseStreams[i], c.status === 'paused' ? freeAt[i] : 0, pausesPerHour, pauseRate, input.localHour) : Infinity
		);

		// What arrives later: priority walk-ins, checked-in appointments, transferred tickets.
		const streams: Stream[] = [];
		for (const p of input.services) {
			if (!laneTemplate.has(p.code)) continue;
			for (const g of p.priorityArrivals) {
				const peak = Math.max(0, ...g.perHour);
				if (peak <= 0 || !(g.weight > 0) || !(scale > 0)) continue;
				const s: Stream = { service: p.code, code: g.code, weight: g.weight, perHour: g.perHour, peak, rate: peak * scale, random: seededRandom(seed ^ hashOf(`${p.code}|${g.code}`)), hash: hashOf(`${g.code}|${p.code}`), count: 0, next: 0 };
				s.next = advance(s, 0, input.localHour);
				streams.push(s);
			}
		}
		const later: { at: number; ticket: SimTicket }[] = [];
		for (const [index, b] of input.booked.entries()) {
			const u = bookingRandom();
			const v = bookingRandom();
			if (!laneTemplate.has(b.serviceCode)) continue;
			const arrives = bookedArrival(checkIns, input.appointmentShowShare, graceSeconds, (nowMs - b.at.getTime()) / 1000, u, v);
			if (arrives !== null) later.push({ at: arrives, ticket: arrival(BOOKED_SEQ + index, b.serviceCode, 'normal', 0, arrives, b.at) });
		}
		later.sort((a, b) => b.at - a.at); // popped from the end: earliest last
		let nextStream = streams.reduce((m, s) => Math.min(m, s.next), Infinity);
		function arrival(seq: number, service: string, code: string, weight: number, at: number, appointmentAt: Date | null): SimTicket {
			const when = new Date(nowMs + at * 1000);
			return sim({ id: `~${seq}`, number: '', serviceCode: service, priorityCode: code, priorityWeight: weight, arrivedAt: when, enqueuedAt: when, appointmentAt, status: 'waiting' }, service, seq, -1, false);
		}
		const enqueue = (t: SimTicket) => {
			const l = lanes[t.svc];
			const name = LANE_NAMES[t.lane];
			insertSorted(l[name], l.heads[t.lane], t, ORDER[name]);
		};
		const admit = (until: number) => {
			while (nextStream <= until) {
				let first = streams[0];
				for (const s of streams) if (s.next < first.next) first = s;
				enqueue(arrival(WALK_IN_SEQ + ((first.hash + first.count++ * 0x9e3779b1) & 0xffffff), first.service, first.code, first.weight, first.next, null));
				first.next = advance(first, first.next, input.localHour);
				nextStream = streams.reduce((m, s) => Math.min(m, s.next), Infinity);
			}
			while (later.length && later[later.length - 1].at <= until) enqueue(later.pop()!.ticket);
		};
		const nextArrival = () => Math.min(nextStream, later.length ? later[later.length - 1].at : Infinity);

		let left = keys.length;
		calledFlags.fill(0);
		let recent: RecentCall[] = ratio ? input.recentCalls.slice(0, 20) : [];
		const candidates: SimTicket[] = [];
		while (left > 0) {
			let c = -1;
			for (let i = 0; i < counters.length; i++) if (active[i] && (c === -1 || freeAt[i] < freeAt[c])) c = i;
			if (c === -1 || freeAt[c] >= HORIZON_SECONDS) break;
			const t = freeAt[c];
			if (t >= closesAt[c]) {
				active[c] = false;
				continue;
			}
			if (t >= pauseAt[c]) {
				const random = pauseStreams[c];
				freeAt[c] = t + input.typicalPauseSeconds * (0.5 + random());
				pauseAt[c] = nextPause(random, freeAt[c], pausesPerHour, pauseRate, input.localHour);
				continue;
			}
			admit(t);
			candidates.length = 0;
			for (const l of lanesOfCounter[c]) {
				if (l.heads[0] < l.appointment.length) candidates.push(l.appointment[l.heads[0]]);
				if (l.heads[1] < l.priority.length) candidates.push(l.priority[l.heads[1]]);
				if (l.heads[2] < l.normal.length) candidates.push(l.normal[l.heads[2]]);
			}
			if (candidates.length === 0) {
				// Nothing for this counter: it looks again when something arrives or a colleague frees up.
				let wake = nextArrival();
				for (let i = 0; i < counters.length; i++) if (active[i] && i !== c && freeAt[i] > t) wake = Math.min(wake, freeAt[i]);
				freeAt[c] = Number.isFinite(wake) ? Math.max(wake, t + 1) : t + IDLE_STEP_SECONDS * 60;
				continue;
			}
			// pickNext keeps no reference to `now`: one Date serves every call.
			clock.setTime(nowMs + t * 1000);
			const pick = pickNext({ waiting: candidates, counterServices: counterServices[c], settings: input.settings, recentCalls: recent, now: clock, appointmentGraceMinutes: grace });
			if (!pick.ok) {
				freeAt[c] = t + IDLE_STEP_SECONDS;
				continue;
			}
			const ticket = pick.ticket as SimTicket;
			lanes[ticket.svc].heads[ticket.lane]++;
			if (ticket.slot >= 0) {
				results[ticket.slot * runs + run] = t;
				calledFlags[ticket.slot] = 1;
				left--;
			}
			if (ticket.ghost) continue;
			if (ratio && ticket.appointmentAt === null) recent = [{ priority: isPriority(ticket) }, ...recent.slice(0, 19)];
			const p = params[ticket.svc];
			ticketDraws.seed(seed ^ Math.imul(ticket.seq + 1, 0x85ebca6b));
			const random = ticketDraws.next;
			const u = random();
			let duration: number;
			if (u < p.noShow) duration = DEFAULT_NO_SHOW_SECONDS;
			else {
				duration = Math.exp(p.mu + p.spread * gaussian(random));
				if (u < p.noShow + p.transfer) {
					const to = pickShare(p.transfersTo, random());
					if (to && indexOf.has(to)) {
						later.push({ at: t + duration, ticket: sim({ ...ticket, id: `${ticket.id}>` }, to, ticket.seq + TRANSFER_SEQ, -1, false) });
						later.sort((a, b) => b.at - a.at);
					}
				}
			}
			freeAt[c] = t + duration;
		}
		// Tickets still waiting at the horizon are given it: "longer than today".
		if (left > 0) for (let k = 0; k < keys.length; k++) if (!calledFlags[k]) results[k * runs + run] = HORIZON_SECONDS;
	}

	const column = new Float64Array(runs);
	for (let k = 0; k < keys.length; k++) {
		for (let r = 0; r < runs; r++) column[r] = results[k * runs + r];
		column.sort();
		waits.set(keys[k], { p10: quantile(column, 0.1), p50: quantile(column, 0.5), p90: quantile(column, 0.9) });
	}
	return { waits };
}

/**
 * A booked visitor not checked in `pastSeconds` after their time (negative: before it): whether they
 * still come (their show share, lowered by the check-in times already gone by) and when, in
 * seconds from now, drawn from the check-in times still ahead; null when they do not come.
 * `u` and `v` are uniform draws.
 */
export function bookedArrival(times: CheckInTimes, showShare: number, graceSeconds: number, pastSeconds: number, u: number, v: number): number | null {
	const early = Math.max(0, times.earlySeconds);
	const late = Math.min(1, Math.max(0, times.lateShare));
	const grace = Math.max(0, graceSeconds);
	// Share of those who come that check in later than `x` seconds after their time.
	const later = (x: number) =>
		x < -early ? 1 : x < 0 ? late + (1 - late) * (early > 0 ? -x / early : 0) : x < grace ? late * (1 - x / grace) : 0;
	const s = Math.min(1, Math.max(0, showShare));
	const left = later(pastSeconds);
	const comes = (s * left) / (1 - s + s * left || 1);
	if (!(u < comes)) return null;
	// A check-in time beyond now: `later` inverted at a share drawn below what is left.
	const share = v * left;
	const at = share >= late ? (late < 1 ? (-early * (share - late)) / (1 - late) : 0) : grace * (1 - share / late);
	return Math.max(0, at - pastSeconds);
}

function pickShare(shares: readonly { readonly code: string; readonly share: number }[], u: number): string | null {
	const total = shares.reduce((sum, s) => sum + Math.max(0, s.share), 0);
	let x = u * total;
	for (const s of shares) {
		x -= Math.max(0, s.share);
		if (x < 0) return s.code;
	}
	return null;
}

// The shown range is p10–p90 of the runs widened by these shares: the runs know the randomness of
// service times and arrivals, not what they cannot see coming — a pause not yet begun, a slow
// spell, the error in the rates themselves — and those make waits run long far more often than
// short, so the range widens more above. Calibrated by `npm run bench:estimate` (see
// docs/decisions.md): with 0.15 both sides, 64 % of one busy day's waits fell inside.
const RANGE_MARGIN_BELOW = 0.15;
const RANGE_MARGIN_ABOVE = 0.25;
/** The minutes a screen shows for a wait: the median, and a range that holds about 4 in 5 of the actual waits. */
export function waitRange(wait: WaitDistribution): WaitRange {
	const minutes = Math.max(0, Math.round(wait.p50 / 60));
	const low = Math.max(0, Math.min(minutes, Math.floor((wait.p10 * (1 - RANGE_MARGIN_BELOW)) / 60)));
	const high = Math.max(minutes, Math.ceil((wait.p90 * (1 + RANGE_MARGIN_ABOVE)) / 60), low);
	return { minutes, low, high };
}

/**
 * The naive rule, kept to measure the forecast against on the same tickets: people ahead × mean
 * service time ÷ open counters (a counter shared by services counts whole for each); with no
 * counter open it assumes one.
 */
export function naiveWaitMinutes(position: number, meanServiceSeconds: number, openCounters: number): number {
	const ahead = Math.max(0, Math.floor(finiteOr(position, 0)));
	const counters = Math.max(1, Math.floor(finiteOr(openCounters, 0)));
	const mean = Math.max(0, finiteOr(meanServiceSeconds, 0));
	return Math.round((ahead * mean) / counters / 60);
}

const finiteOr = (value: number, fallback: number) => (Number.isFinite(value) ? value : fallback);

// Pseudo-walk-ins at the usual rate that today's count is weighed against: about an hour and a
// half of an ordinary unit's priority walk-ins, so a few early ones do not swing the rates.
const ARRIVAL_PRIOR = 10;

/**
 * How today's priority walk-ins compare with the usual: those issued so far today against those
 * the unit's hourly rates expect by `localHour`, both with {@link ARRIVAL_PRIOR} pseudo-walk-ins at
 * the usual rate. A busy day brings more of them ahead of those waiting; a quiet one fewer.
 */
export function arrivalScale(services: readonly ServiceProfile[], localHour: number, issuedToday: number): number {
	let expected = 0;
	for (const s of services)
		for (const g of s.priorityArrivals)
			for (let h = 0; h < 24 && h < localHour; h++) expected += Math.max(0, g.perHour[h] ?? 0) * Math.min(1, localHour - h);
	return (Math.max(0, finiteOr(issuedToday, 0)) + ARRIVAL_PRIOR) / (expected + ARRIVAL_PRIOR);
}

export interface PaceSample {
	readonly serviceCode: string;
	readonly seconds: number;
	readonly at: Date;
}

// An hour-long half-life follows the day's pace; a few pseudo-samples at the usual pace keep
// the first services of the morning from swinging it.
const PACE_HALF_LIFE_MINUTES = 60;
const PACE_PRIOR_SAMPLES = 4;

/**
 * The day's pace: how today's service times compare with the usual ones of their services
 * (a weighted geometric mean of the ratios, recent ones weighing more, shrunk towards 1).
 * Service times are log-normal, so a geometric mean of samples sits below their arithmetic mean
 * by exp(−σ²/2) — about 10 % at the usual spreads: with `logSpreads` (by service) each sample is
 * compared with the usual geometric mean instead, and a day at the usual pace reads 1, not 0.9.
 */
export function dayPace(samples: readonly PaceSample[], usualSeconds: ReadonlyMap<string, number>, now: Date, logSpreads?: ReadonlyMap<string, number>): number {
	let weighted = 0;
	let total = PACE_PRIOR_SAMPLES;
	for (const s of samples) {
		const usual = usualSeconds.get(s.serviceCode);
		if (!usual || !(usual > 0) || !Number.isFinite(s.seconds) || s.seconds <= 0) continue;
		const spread = logSpreads?.get(s.serviceCode);
		const centre = spread !== undefined && Number.isFinite(spread) && spread > 0 ? (spread * spread) / 2 : 0;
		const ageMinutes = Math.max(0, (now.getTime() - s.at.getTime()) / 60_000);
		const w = Math.pow(2, -ageMinutes / PACE_HALF_LIFE_MINUTES);
		weighted += w * (Math.log(s.seconds / usual) + centre);
		total += w;
	}
	return Math.exp(weighted / total);
}

/** A counter's open, pause or close, as the audit trail records it. */
export interface CounterStatusChange {
	readonly counterId: string;
	readonly action: string;
	readonly at: Date;
}

/** When a unit's counters take breaks: pauses an open counter starts per local hour, and their mean length (null: none ended). */
export interface PauseHabits {
	readonly perHour: readonly number[];
	readonly meanSeconds: number | null;
}

// A pause longer than this was the counter left paused (a day's end, a forgotten button), not a break.
const LONGEST_BREAK_SECONDS = 3 * 3600;

/**
 * A unit's breaks from its counters' opens, pauses and closes over past days (each counter's in
 * time order): pauses begun in each local hour per counter-day opened, and the mean length of those
 * that ended (by a resume or a close) within {@link LONGEST_BREAK_SECONDS}. `local` gives an
 * instant's local day and hour in the unit's zone.
 */
export function pauseHabits(changes: readonly CounterStatusChange[], local: (at: Date) => { day: string; hour: number }): PauseHabits {
	const counterDays = new Set<string>();
	const begun = Array<number>(24).fill(0);
	const lengths: number[] = [];
	// The pause the counter is on, if any: a second pause (a changed reason) continues that break.
	let onBreak: { counterId: string; since: Date } | null = null;
	for (const c of changes) {
		const { day, hour } = local(c.at);
		if (onBreak && onBreak.counterId !== c.counterId) onBreak = null;
		if (c.action === 'counter.open') counterDays.add(`${c.counterId}|${day}`);
		if (c.action === 'counter.pause') {
			if (!onBreak) {
				begun[hour]++;
				onBreak = { counterId: c.counterId, since: c.at };
			}
			continue;
		}
		if (onBreak) {
			const seconds = (c.at.getTime() - onBreak.since.getTime()) / 1000;
			if (seconds > 0 && seconds <= LONGEST_BREAK_SECONDS) lengths.push(seconds);
			onBreak = null;
		}
	}
	const days = Math.max(1, counterDays.size);
	return { perHour: begun.map((n) => n / days), meanSeconds: lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : null };
}

/** A ticket's position is the number of tickets called before it in the projected order; null when absent. */
export function positionOf(ticketId: string, orderedQueue: readonly { readonly ticket: { readonly id: string } }[]): number | null {
	const index = orderedQueue.findIndex((entry) => entry.ticket.id === ticketId);
	return index === -1 ? null : index;
}
