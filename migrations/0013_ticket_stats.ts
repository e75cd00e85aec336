import { sql, type Kysely } from 'kysely';

/*
 * Daily (and monthly) summaries of tickets per unit, and per unit and service, hour or clerk:
 * counts, sums and per-bucket counts of waits (w0…) and service times (s0…), and the unit's and
 * service's appointments of the day (appt_…), so a report over a year of a city adds up a few
 * thousand rows instead of sorting millions of tickets. Month rows also split hours and clerks
 * by service (dims service_hour, service_clerk), for reports on chosen services. A unit's
 * day is summarised once it has closed; its row with dim 'unit' (key '') marks it as done.
 * Bucket columns are NULL for zero, so the many empty buckets cost no space.
 */
const BUCKETS = 63;
const histogram = (prefix: string) => Array.from({ length: BUCKETS }, (_, i) => `${prefix}${i} int`).join(', ');

export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE ticket_stats (
		unit_id uuid NOT NULL REFERENCES units (id) ON DELETE CASCADE,
		span text NOT NULL CHECK (span IN ('day', 'month')),
		day date NOT NULL,
		dim text NOT NULL CHECK (dim IN ('unit', 'service', 'hour', 'clerk', 'service_hour', 'service_clerk')),
		key text NOT NULL,
		issued int NOT NULL DEFAULT 0,
		served int NOT NULL DEFAULT 0,
		no_show int NOT NULL DEFAULT 0,
		cancelled int NOT NULL DEFAULT 0,
		transfers int NOT NULL DEFAULT 0,
		waited int NOT NULL DEFAULT 0,
		wait_sum float8 NOT NULL DEFAULT 0,
		service_sum float8 NOT NULL DEFAULT 0,
		on_target int NOT NULL DEFAULT 0,
		ratings int NOT NULL DEFAULT 0,
		satisfied int NOT NULL DEFAULT 0,
		score_sum int NOT NULL DEFAULT 0,
		est_count int NOT NULL DEFAULT 0,
		est_error_sum float8 NOT NULL DEFAULT 0,
		est_sum float8 NOT NULL DEFAULT 0,
		actual_sum float8 NOT NULL DEFAULT 0,
		appt_booked int NOT NULL DEFAULT 0,
		appt_attended int NOT NULL DEFAULT 0,
		appt_no_show int NOT NULL DEFAULT 0,
		appt_cancelled int NOT NULL DEFAULT 0,
		appt_waited int NOT NULL DEFAULT 0,
		appt_late_sum float8 NOT NULL DEFAULT 0,
		${sql.raw(histogram('w'))},
		${sql.raw(histogram('s'))},
		PRIMARY KEY (unit_id, span, day, dim, key)
	)`.execute(db);
	// Which days and months are summarised: the unit rows alone, read by every report.
	await sql`CREATE INDEX ticket_stats_summarised ON ticket_stats (unit_id, span, day) WHERE dim = 'unit'`.execute(db);
	// A report on chosen services reads their tickets for what the summaries do not split by
	// service (hours, clerks): without this, every ticket of the units in the range.
	await sql`CREATE INDEX tickets_service_day ON tickets (service_id, day)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP INDEX tickets_service_day`.execute(db);
	await sql`DROP TABLE ticket_stats`.execute(db);
}
