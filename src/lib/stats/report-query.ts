import { z } from 'zod';
import { saneDate } from '$lib/units/holidays';

/*
 * The report's filter as it travels in a URL (GET query parameters, so a report is a link a
 * manager can send): dates are local days in the unit's zone; every list may repeat its
 * parameter (`units=centro&units=lagoa`) or use commas.
 */

export const TICKET_CHANNELS = ['kiosk', 'counter', 'api', 'appointment', 'remote'] as const;

/** The groupings each report table is made of. */
export const GROUPINGS = ['day', 'hour', 'unit', 'service', 'clerk'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** Longest range one report may span: a year (plus a leap day). */
export const MAX_REPORT_DAYS = 366;

const isoDate = saneDate();
const code = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(60);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Not an id.');

export const ReportQuery = z
	.object({
		from: isoDate.optional(),
		to: isoDate.optional(),
		units: z.array(code).max(200).default([]),
		services: z.array(code).max(500).default([]),
		clerks: z.array(uuid).max(500).default([]),
		/** Priority group codes; `normal` stands for tickets without a priority. */
		priorities: z.array(code).max(50).default([]),
		channels: z.array(z.enum(TICKET_CHANNELS)).max(TICKET_CHANNELS.length).default([])
	})
	.refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'The start is after the end.', path: ['to'] })
	.refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) < MAX_REPORT_DAYS, { message: `At most ${MAX_REPORT_DAYS} days.`, path: ['to'] });

/** `GET /units/{unit}/stats`: the local days of one unit's summary (the unit is in the path). */
export const UnitStatsQuery = z.object({
	from: isoDate.optional().meta({ description: 'First local day, YYYY-MM-DD (default: `to`, or today in the unit zone)' }),
	to: isoDate.optional().meta({ description: `Last local day, YYYY-MM-DD (default: \`from\`, or today; at most ${MAX_REPORT_DAYS - 1} days after \`from\`)` })
});

export type ParsedReportQuery = z.output<typeof ReportQuery>;

const LISTS = ['units', 'services', 'clerks', 'priorities', 'channels'] as const;

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The ISO date `days` after (or before) another. */
export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Raw filter values from URL search parameters, for `ReportQuery` to check. */
export function reportQueryFromSearch(params: URLSearchParams): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of ['from', 'to'] as const) {
		const v = params.get(key)?.trim();
		if (v) out[key] = v;
	}
	for (const key of LISTS) {
		const values = params
			.getAll(key)
			.flatMap((v) => v.split(','))
			.map((v) => v.trim())
			.filter(Boolean);
		if (values.length) out[key] = [...new Set(values)];
	}
	return out;
}

/** The query string of a resolved filter: links to the same report, its CSV exports. */
export function reportSearch(q: { from: string; to: string } & Partial<Record<(typeof LISTS)[number], readonly string[]>>): string {
	const params = new URLSearchParams({ from: q.from, to: q.to });
	for (const key of LISTS) for (const v of q[key] ?? []) params.append(key, v);
	return params.toString();
}
