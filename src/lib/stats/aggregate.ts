/*
 * The statistics the reports are made of, over plain numbers. SQL computes the same figures over
 * a year of rows (sums and count filters in the summaries; medians and p90 from duration buckets,
 * see histogram.ts); these functions are the reference the tests hold SQL to, and what small
 * in-memory lists use. Pure: no clock, no I/O.
 */

/** Mean of the values, null for none. */
export function average(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Average, median and 90th percentile of durations in seconds (the report's columns). */
export interface DurationStats {
	readonly avg: number | null;
	readonly p50: number | null;
	readonly p90: number | null;
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
