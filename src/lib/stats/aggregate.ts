/*
 * The statistics the reports are made of, over plain numbers. SQL computes the same figures over
 * a year of rows (percentile_cont, avg, count filter); these functions are the reference the
 * tests hold SQL to, and what the history generator's checks and small in-memory lists use.
 * Pure: no clock, no I/O.
 */

/** Mean of the values, null for none. */
export function average(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The q-quantile (0–1) with linear interpolation between closest ranks — PostgreSQL's
 * percentile_cont, so a figure on screen is the same whichever side computed it. Null for none.
 */
export function percentile(values: readonly number[], q: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (values: readonly number[]): number | null => percentile(values, 0.5);
export const p90 = (values: readonly number[]): number | null => percentile(values, 0.9);

/** Average, median and 90th percentile of durations in seconds (the report's columns). */
export interface DurationStats {
	readonly avg: number | null;
	readonly p50: number | null;
	readonly p90: number | null;
}

export function durationStats(values: readonly number[]): DurationStats {
	return { avg: average(values), p50: median(values), p90: p90(values) };
}

/** A share (0–1) of `part` in `whole`, null when there is no whole to take a share of. */
export function share(part: number, whole: number): number | null {
	return whole > 0 ? part / whole : null;
}

/**
 * CSAT in percent: the share of ratings that are 4 or 5 (satisfied), null without ratings.
 * Lei 13.460/2017 art. 23 asks services to measure satisfaction; this is the index reported.
 */
export function csatPercent(satisfied: number, ratings: number): number | null {
	const s = share(satisfied, ratings);
	return s === null ? null : 100 * s;
}

/** Share of waits within the Carta de Serviços' expected waiting time (both in seconds). */
export function onTargetShare(waits: readonly { waitSeconds: number; targetSeconds: number }[]): number | null {
	return share(waits.filter((w) => w.waitSeconds <= w.targetSeconds).length, waits.length);
}

/** Mean absolute error of estimates against what happened (same unit for both), null for none. */
export function meanAbsoluteError(pairs: readonly { estimate: number; actual: number }[]): number | null {
	return average(pairs.map((p) => Math.abs(p.estimate - p.actual)));
}

/**
 * Share (0–1) of appointments attended among those whose day came: checked in over checked in
 * plus no-shows. Cancelled ones never were due and those still booked have no outcome yet.
 */
export function attendedShare(attended: number, noShow: number): number | null {
	return share(attended, attended + noShow);
}
