import { z } from 'zod';

/*
 * Building blocks of the JSON API's answers as zod schemas (safe in the browser). Each domain
 * describes its answers with them in its pure files; the OpenAPI document is generated from those
 * schemas and the use cases' return types are inferred from them, so the two cannot drift.
 */

/** An instant as JSON carries it: ISO 8601 with `Z` or an offset (`2026-12-03T10:00:00-03:00`). */
export const isoTime = z.iso.datetime({ offset: true });

/** A local calendar day, `YYYY-MM-DD`. */
export const isoDay = z.iso.date();

/** A forecast wait in whole minutes from now (see `queue/estimate`). */
export const WaitRange = z
	.object({ low: z.number().int().min(0), high: z.number().int().min(0) })
	.meta({
		description:
			"A forecast wait in whole minutes from now: a forward simulation of the unit (shared counters, what is being served, pauses, priority and appointment arrivals, no-shows, transfers, the day's pace). About 4 in 5 actual waits fall inside; it narrows as the call nears."
	});
