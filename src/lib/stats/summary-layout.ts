import type { TicketChannel, TicketStatsDim } from '$lib/server/db/schema';
import { BUCKETS } from './histogram';
import type { DayRun } from './summary-coverage';

/*
 * How ticket_stats is laid out: per unit and day (and month), per dim — the unit as a whole, and
 * its services, hours of issue and clerks, and each of those split by channel, by priority group
 * and by clerk — with the columns each row adds up. Pure, so the summary store that writes the
 * rows, the report plan that picks which to read and the figures made of them share one definition.
 */

/** What a ticket is summarised by, besides its unit and day. */
export type SummaryColumn = 'service' | 'hour' | 'clerk' | 'priority' | 'channel';

/**
 * The columns each dim groups by, besides the unit and the day; its key joins their values with
 * ':' in this order. Values: the service's id, the hour of issue in the unit's zone ('08'), the
 * clerk's id ('' for none), the priority group's id ('' for none), the channel.
 */
export const DIM_COLUMNS: Record<TicketStatsDim, readonly SummaryColumn[]> = {
	unit: [],
	service: ['service'],
	hour: ['hour'],
	clerk: ['clerk'],
	service_hour: ['service', 'hour'],
	service_clerk: ['service', 'clerk'],
	clerk_hour: ['clerk', 'hour'],
	channel: ['channel'],
	channel_service: ['channel', 'service'],
	channel_hour: ['channel', 'hour'],
	channel_clerk: ['channel', 'clerk'],
	priority: ['priority'],
	priority_service: ['priority', 'service'],
	priority_hour: ['priority', 'hour'],
	priority_clerk: ['priority', 'clerk']
};

/**
 * Dims summarised per month only, from the month's tickets: they make the most rows a day (a
 * unit-day's services by clerk are a third as many rows as its tickets) for the reports that read
 * fewest tickets (one clerk's, one service's), which read the days outside whole months from the
 * tickets. Every other dim is summarised per day, and added up into months.
 */
export const MONTH_ONLY_DIMS: readonly TicketStatsDim[] = ['service_hour', 'service_clerk', 'clerk_hour'];
export const DAY_DIMS = (Object.keys(DIM_COLUMNS) as TicketStatsDim[]).filter((d) => !MONTH_ONLY_DIMS.includes(d));

/** The dim whose rows group by exactly these columns, if any is summarised. */
export function dimOf(columns: readonly SummaryColumn[]): TicketStatsDim | null {
	const wanted = new Set(columns);
	const found = (Object.keys(DIM_COLUMNS) as TicketStatsDim[]).find((d) => DIM_COLUMNS[d].length === wanted.size && DIM_COLUMNS[d].every((c) => wanted.has(c)));
	return found ?? null;
}

/** Which tickets: units over day ranges (OR'ed), then the report's other filters. */
export interface TicketScope {
	readonly parts: readonly { readonly unitIds: readonly string[]; readonly runs: readonly DayRun[] }[];
	readonly serviceIds?: readonly string[];
	readonly clerkIds?: readonly string[];
	readonly priority?: { readonly groupIds: readonly string[]; readonly normal: boolean } | null;
	readonly channels?: readonly TicketChannel[];
}

/** What summary rows add up: tickets, appointments, or both. */
export type SummaryPart = 'tickets' | 'appointments' | 'both';

/** The summed columns of a summary row, in order. */
export const MEASURES = [
	'issued',
	'served',
	'no_show',
	'cancelled',
	'transfers',
	'waited',
	'wait_sum',
	'service_sum',
	'on_target',
	'ratings',
	'satisfied',
	'score_sum',
	'est_count',
	'est_error_sum',
	'est_sum',
	'actual_sum',
	'est_ranged',
	'est_in_range',
	'naive_count',
	'naive_error_sum',
	'naive_bias_sum',
	'remote',
	'remote_arrived',
	'remote_expired',
	'notified',
	'notified_served',
	'notified_no_show',
	'appt_booked',
	'appt_attended',
	'appt_no_show',
	'appt_cancelled',
	'appt_waited',
	'appt_late_sum'
] as const;
/** Bucket columns: w0… for waits, s0… for service times. */
export const WAIT_BUCKETS = Array.from({ length: BUCKETS }, (_, i) => `w${i}`);
export const SERVICE_BUCKETS = Array.from({ length: BUCKETS }, (_, i) => `s${i}`);
export const SUMMED = [...MEASURES, ...WAIT_BUCKETS, ...SERVICE_BUCKETS] as const;
