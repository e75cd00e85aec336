import { DateTime } from 'luxon';
import type { PrinterHealth } from '$lib/printing/print-jobs';
import { satisfactionOf, type Distribution, type Satisfaction } from './satisfaction';

/*
 * The manager's live view, aggregated from plain numbers: what waits now per service against
 * the Carta de Serviços target (Lei 13.460/2017 art. 7: the expected waiting time is a promise
 * the city measures itself against), the counters' state and today's figures. No clock, no I/O:
 * the server reads the rows, these functions decide what they mean.
 */

export type CounterState = 'open' | 'paused' | 'closed';

export interface ServiceNow {
	readonly code: string;
	readonly name: string;
	readonly waiting: number;
	/** Longest current wait in the service's queue, 0 when nobody waits. */
	readonly longestWaitSeconds: number;
	/** What a ticket issued now would wait. */
	readonly estimatedWaitMinutes: number;
	readonly openCounters: number;
	/** The Carta de Serviços' expected waiting time (services.expected_wait_minutes). */
	readonly targetWaitMinutes: number;
}

export interface ServiceLive extends ServiceNow {
	/** True when someone has waited longer than the Carta promises. */
	readonly overTarget: boolean;
	/** How far past the target the longest wait is (0 when within it). */
	readonly overBySeconds: number;
}

export interface CounterNow {
	readonly id: string;
	readonly number: number;
	readonly name: string;
	readonly status: CounterState;
	readonly clerk: string | null;
	readonly pauseReason: string | null;
	readonly services: readonly string[];
	readonly ticket: { readonly number: string; readonly status: string } | null;
}

/** Today's tallies straight from SQL: counts, and the sum of waits so the average is exact. */
export interface TodayCounts {
	readonly issued: number;
	readonly served: number;
	readonly noShows: number;
	/** Tickets called today (the ones the average wait is over). */
	readonly called: number;
	/** Sum over those tickets of called_at − queued_at, in seconds. */
	readonly waitSecondsSum: number;
}

export interface TodayLive {
	readonly day: string;
	readonly issued: number;
	readonly served: number;
	readonly noShows: number;
	readonly called: number;
	/** Mean of called_at − queued_at over tickets called today; null before the first call. */
	readonly averageWaitSeconds: number | null;
}

/** A unit's printer as its last check found it. */
export interface PrinterNow {
	readonly name: string;
	readonly health: PrinterHealth;
}

export interface UnitLiveInput {
	readonly unit: { readonly slug: string; readonly name: string; readonly timezone: string };
	readonly day: string;
	readonly services: readonly ServiceNow[];
	readonly counters: readonly CounterNow[];
	readonly today: TodayCounts;
	/** Today's ratings per score (index 0 = score 1). */
	readonly ratings?: Distribution;
	readonly printers?: readonly PrinterNow[];
}

export interface UnitLive {
	readonly unit: { readonly slug: string; readonly name: string; readonly timezone: string };
	readonly services: readonly ServiceLive[];
	readonly counters: readonly CounterNow[];
	readonly tally: Readonly<Record<CounterState, number>>;
	readonly waiting: number;
	readonly longestWaitSeconds: number;
	/** Codes of the services whose longest wait passed their target, worst first. */
	readonly alerts: readonly string[];
	readonly today: TodayLive;
	/** Today's satisfaction (CSAT, average, count). */
	readonly satisfaction: Satisfaction;
	/** Printers that cannot print now: tickets fall back to the screen. */
	readonly printersDown: readonly PrinterNow[];
}

/** A printer is down when it cannot put a ticket on paper: unreachable, offline or out of paper. */
export function printerDown(health: PrinterHealth): boolean {
	return health === 'unreachable' || health === 'offline' || health === 'paper_out';
}

/** A service's line against its Carta target: an alert once the longest wait passes it. */
export function serviceLive(s: ServiceNow): ServiceLive {
	const target = Math.max(0, s.targetWaitMinutes) * 60;
	const over = s.waiting > 0 ? s.longestWaitSeconds - target : 0;
	return { ...s, overTarget: over > 0, overBySeconds: Math.max(0, over) };
}

/** How many counters are open, paused and closed. */
export function counterTally(counters: readonly Pick<CounterNow, 'status'>[]): Record<CounterState, number> {
	const tally: Record<CounterState, number> = { open: 0, paused: 0, closed: 0 };
	for (const c of counters) tally[c.status]++;
	return tally;
}

/** The exact mean wait from SQL's count and sum; null when nobody was called yet. */
export function averageWait(called: number, waitSecondsSum: number): number | null {
	if (!(called > 0) || !Number.isFinite(waitSecondsSum)) return null;
	return Math.round(Math.max(0, waitSecondsSum) / called);
}

/** Services past their target first (the longest overrun leading), then by longest wait. */
function alertOrder(services: readonly ServiceLive[]): string[] {
	return services
		.filter((s) => s.overTarget)
		.sort((a, b) => b.overBySeconds - a.overBySeconds || a.code.localeCompare(b.code))
		.map((s) => s.code);
}

/** One unit's card: services against targets, counters, totals and today's figures. */
export function unitLive(input: UnitLiveInput): UnitLive {
	const services = input.services.map(serviceLive);
	return {
		unit: input.unit,
		services,
		counters: [...input.counters].sort((a, b) => a.number - b.number),
		tally: counterTally(input.counters),
		waiting: services.reduce((n, s) => n + s.waiting, 0),
		longestWaitSeconds: services.reduce((m, s) => (s.waiting > 0 ? Math.max(m, s.longestWaitSeconds) : m), 0),
		alerts: alertOrder(services),
		today: {
			day: input.day,
			issued: input.today.issued,
			served: input.today.served,
			noShows: input.today.noShows,
			called: input.today.called,
			averageWaitSeconds: averageWait(input.today.called, input.today.waitSecondsSum)
		},
		satisfaction: satisfactionOf(input.ratings ?? [0, 0, 0, 0, 0]),
		printersDown: (input.printers ?? []).filter((p) => printerDown(p.health))
	};
}

/** The `queue` event's per-service figures (docs/api.md#realtime). */
export interface QueueFigures {
	readonly unit: string;
	readonly services: readonly { code: string; waiting: number; longestWaitSeconds: number; estimatedWaitMinutes: number }[];
}

function recompute(unit: UnitLive, services: readonly ServiceNow[]): UnitLive {
	const live = services.map(serviceLive);
	return {
		...unit,
		services: live,
		waiting: live.reduce((n, s) => n + s.waiting, 0),
		longestWaitSeconds: live.reduce((m, s) => (s.waiting > 0 ? Math.max(m, s.longestWaitSeconds) : m), 0),
		alerts: alertOrder(live)
	};
}

/** Applies a `queue` event to the unit it names, so waiting counts move before the next snapshot. */
export function applyQueueEvent(units: readonly UnitLive[], event: QueueFigures): UnitLive[] {
	return units.map((unit) => {
		if (unit.unit.slug !== event.unit) return unit;
		const byCode = new Map(event.services.map((s) => [s.code, s]));
		return recompute(
			unit,
			unit.services.map((s) => {
				const fresh = byCode.get(s.code);
				return fresh
					? { ...s, waiting: fresh.waiting, longestWaitSeconds: fresh.longestWaitSeconds, estimatedWaitMinutes: fresh.estimatedWaitMinutes }
					: s;
			})
		);
	});
}

/** The view `elapsedSeconds` after its snapshot: whoever still waits has waited that much longer. */
export function ageUnit(unit: UnitLive, elapsedSeconds: number): UnitLive {
	const dt = Math.max(0, Math.floor(elapsedSeconds));
	if (dt === 0) return unit;
	return recompute(
		unit,
		unit.services.map((s) => (s.waiting > 0 ? { ...s, longestWaitSeconds: s.longestWaitSeconds + dt } : s))
	);
}

/** The local calendar day containing `now` in the unit's zone, as instants [start, end). */
export function localDayRange(now: Date, zone: string): { day: string; start: Date; end: Date } {
	const local = DateTime.fromJSDate(now, { zone });
	const start = local.startOf('day');
	return { day: start.toISODate() ?? '', start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** A duration for people: "< 1 min", "12 min", "1 h 05". */
export function formatDuration(seconds: number | null): string {
	if (seconds === null || !Number.isFinite(seconds)) return '—';
	const minutes = Math.floor(Math.max(0, seconds) / 60);
	if (minutes < 1) return '< 1 min';
	if (minutes < 60) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}
