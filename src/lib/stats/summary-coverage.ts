import { addDays, daysBetween } from './report-query';

/*
 * Which days of a report come from summaries and which from the tickets themselves. Pure: the
 * store says which days and months are summarised; this plans the reads.
 */

/** Consecutive days, both ends included. */
export interface DayRun {
	readonly from: string;
	readonly to: string;
	readonly days: number;
}

export const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/** The last day of the month a day is in. */
export function monthEnd(day: string): string {
	const [y, m] = day.split('-').map(Number);
	return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The runs of consecutive days from `from` to `to` that pass `keep`, each at most `maxDays` long. */
export function dayRuns(from: string, to: string, keep: (day: string) => boolean, maxDays = Infinity): DayRun[] {
	const runs: DayRun[] = [];
	let start: string | null = null;
	let length = 0;
	const close = (end: string) => {
		if (start) runs.push({ from: start, to: end, days: length });
		start = null;
		length = 0;
	};
	// Counted, not compared as strings: past year 9999 an ISO date gains a sign and `d <= to` would hold forever.
	const count = daysBetween(from, to);
	for (let i = 0, d = from; i <= count; i++, d = addDays(d, 1)) {
		if (!keep(d)) {
			close(addDays(d, -1));
			continue;
		}
		if (length === maxDays) close(addDays(d, -1));
		start ??= d;
		length++;
	}
	close(to);
	return runs;
}

/** How one unit's range is read: whole summarised months, summarised days, and tickets. */
export interface CoveragePlan {
	/** First days of months inside the range that are summarised as a whole. */
	readonly months: readonly string[];
	/** Summarised days outside those months. */
	readonly days: readonly DayRun[];
	/** Summarised days, all of them (the per-day table reads days, never months). */
	readonly allDays: readonly DayRun[];
	/** Days to read from the tickets. */
	readonly tickets: readonly DayRun[];
}

export function planCoverage(from: string, to: string, summarisedDays: ReadonlySet<string>, summarisedMonths: ReadonlySet<string>): CoveragePlan {
	const months: string[] = [];
	// A month row is used only with every day of it summarised: a day reopened since is read afresh.
	const whole = (m: string) => dayRuns(m, monthEnd(m), (d) => !summarisedDays.has(d)).length === 0;
	for (let m = monthStart(from); m <= to; m = addDays(monthEnd(m), 1)) if (m >= from && monthEnd(m) <= to && summarisedMonths.has(m) && whole(m)) months.push(m);
	const inMonth = new Set(months);
	return {
		months,
		days: dayRuns(from, to, (d) => summarisedDays.has(d) && !inMonth.has(monthStart(d))),
		allDays: dayRuns(from, to, (d) => summarisedDays.has(d)),
		tickets: dayRuns(from, to, (d) => !summarisedDays.has(d))
	};
}
