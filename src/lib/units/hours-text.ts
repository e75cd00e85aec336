import { WEEKDAYS, type OpeningHours } from './hours';

/*
 * Opening hours as an admin types them in a form: one line per weekday,
 * "08:00-12:00, 13:00-17:00"; an empty line means closed.
 */

/** One day's intervals as text, e.g. "08:00-12:00, 13:00-17:00". */
export function intervalsToText(intervals: readonly (readonly [string, string])[] | undefined): string {
	return (intervals ?? []).map(([start, end]) => `${start}-${end}`).join(', ');
}

/**
 * Splits a day's text into [start, end] pairs without judging them: the opening-hours schema
 * rejects a malformed piece and names the day and the interval.
 */
export function textToIntervals(text: string): string[][] {
	return text
		.split(/[,;]/)
		.map((piece) => piece.trim())
		.filter(Boolean)
		.map((piece) => piece.split(/\s*[-–]\s*/));
}

/** The week's hours from a day → text map (missing days closed). */
export function hoursFromText(byDay: Partial<Record<string, string>>): Record<string, string[][]> {
	const out: Record<string, string[][]> = {};
	for (const day of WEEKDAYS) {
		const intervals = textToIntervals(byDay[day] ?? '');
		if (intervals.length) out[day] = intervals;
	}
	return out;
}

/** The week's hours as a day → text map, for the form. */
export function hoursToText(hours: OpeningHours): Record<string, string> {
	return Object.fromEntries(WEEKDAYS.map((day) => [day, intervalsToText(hours[day])]));
}
