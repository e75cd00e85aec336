import { sql, type Kysely } from 'kysely';

/*
 * Wait forecasts (issue 20). queue_profiles: what a unit's recent history says about each of its
 * services — service times, no-shows, transfers and the priority walk-ins per local hour — kept by
 * a job once a day, so a forecast reads one small row per service instead of weeks of tickets.
 * tickets: the range shown at issue and the naive rule's figure beside it, so both can be
 * measured against the wait that followed; ticket_stats adds them up for the reports.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE queue_profiles (
		unit_id uuid NOT NULL REFERENCES units (id) ON DELETE CASCADE,
		service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
		computed_day date NOT NULL,
		days int NOT NULL,
		served int NOT NULL,
		mean_service_seconds float8,
		log_spread float8,
		no_show_share float8 NOT NULL DEFAULT 0,
		transfer_share float8 NOT NULL DEFAULT 0,
		transfers_to jsonb NOT NULL DEFAULT '[]',
		priority_arrivals jsonb NOT NULL DEFAULT '[]',
		appointment_show_share float8,
		PRIMARY KEY (unit_id, service_id)
	)`.execute(db);
	await sql`ALTER TABLE tickets ADD COLUMN estimated_wait_low int, ADD COLUMN estimated_wait_high int, ADD COLUMN naive_wait_minutes int`.execute(db);
	await sql`ALTER TABLE ticket_stats ADD COLUMN est_ranged int NOT NULL DEFAULT 0, ADD COLUMN est_in_range int NOT NULL DEFAULT 0, ADD COLUMN naive_count int NOT NULL DEFAULT 0, ADD COLUMN naive_error_sum float8 NOT NULL DEFAULT 0, ADD COLUMN naive_bias_sum float8 NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE ticket_stats DROP COLUMN est_ranged, DROP COLUMN est_in_range, DROP COLUMN naive_count, DROP COLUMN naive_error_sum, DROP COLUMN naive_bias_sum`.execute(db);
	await sql`ALTER TABLE tickets DROP COLUMN estimated_wait_low, DROP COLUMN estimated_wait_high, DROP COLUMN naive_wait_minutes`.execute(db);
	await sql`DROP TABLE queue_profiles`.execute(db);
}
