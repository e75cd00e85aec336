import { z } from 'zod';
import { isoDay } from '$lib/api/wire';

/** A rating as stored, the 201 answer of every way to rate (ticket page, desk tablet, protocol link). */
export const StoredRating = z.object({
	score: z.number().int().min(1).max(5),
	comment: z.string().nullable(),
	channel: z.enum(['ticket_page', 'counter_tablet', 'protocol_link'])
});
export type StoredRating = z.infer<typeof StoredRating>;

/** `GET /counters/{id}/rating`: the desk tablet's poll. */
export const CounterRatingView = z.object({
	counter: z.object({ number: z.number().int(), name: z.string() }),
	ticket: z
		.object({ publicId: z.string(), number: z.string(), service: z.string() })
		.nullable()
		.meta({ description: 'The ticket just finished at this counter and not yet rated, or null: the tablet shows its idle screen' })
});
export type CounterRatingView = z.infer<typeof CounterRatingView>;

const durations = (description: string) =>
	z
		.object({ avg: z.number().nullable(), p50: z.number().nullable(), p90: z.number().nullable() })
		.meta({
			description: `${description}. Seconds; avg is exact, p50 and p90 are read from duration buckets (10 s wide up to 1 min, 30 s up to 10 min, 1 min up to 20 min, wider after).`
		});

/** `GET /units/{unit}/stats`: counts over tickets issued on the local days; waits of tickets called. */
export const UnitStatsView = z.object({
	unit: z.string(),
	from: isoDay,
	to: isoDay,
	issued: z.number().int(),
	served: z.number().int(),
	noShow: z.number().int(),
	cancelled: z.number().int(),
	transfers: z.number().int(),
	wait: durations('From arrival to the call, tickets called'),
	service: durations('From the start (or call) to the finish, tickets served'),
	onTargetShare: z.number().min(0).max(1).nullable().meta({ description: "Waits within the service's Carta de Serviços expected waiting time" }),
	csat: z.number().min(0).max(100).nullable().meta({ description: 'Share of ratings 4 or 5, 0–100' }),
	ratings: z.number().int(),
	appointments: z
		.object({
			booked: z.number().int().meta({ description: 'All appointments made for the days' }),
			attended: z.number().int().meta({ description: 'Checked in' }),
			noShow: z.number().int(),
			cancelled: z.number().int()
		})
		.meta({ description: "Appointments made for the local days (by the day of their start in the unit's zone), whatever became of them" })
});
export type UnitStatsView = z.infer<typeof UnitStatsView>;
