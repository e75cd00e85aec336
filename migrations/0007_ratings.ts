import { sql, type Kysely } from 'kysely';

/**
 * Satisfaction ratings (Lei 13.460/2017 art. 23: services measure their users' satisfaction).
 * One per ticket or protocol, tied to where and by whom the citizen was served — never to who
 * the citizen is: no citizen column, and the ticket carries none either.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE ratings (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		-- UNIQUE is what keeps "one rating per ticket" true when two taps race; NULLs are distinct.
		ticket_id uuid UNIQUE REFERENCES tickets(id),
		protocol_number text UNIQUE,
		score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
		comment text CHECK (comment IS NULL OR length(comment) <= 1000),
		unit_id uuid REFERENCES units(id),
		service_id uuid NOT NULL REFERENCES services(id),
		counter_id uuid REFERENCES counters(id),
		clerk_id uuid REFERENCES users(id),
		channel text NOT NULL CHECK (channel IN ('ticket_page', 'counter_tablet')),
		created_at timestamptz NOT NULL DEFAULT now(),
		CHECK (ticket_id IS NOT NULL OR protocol_number IS NOT NULL)
	)`.execute(db);
	// Reports and today's CSAT read a unit's ratings over a date range.
	await sql`CREATE INDEX ratings_unit_created ON ratings (unit_id, created_at)`.execute(db);
	await sql`CREATE INDEX ratings_created ON ratings (created_at)`.execute(db);
	// The counter tablet polls for the ticket just finished at its desk.
	await sql`CREATE INDEX tickets_counter_finished ON tickets (counter_id, finished_at DESC) WHERE status = 'done'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP INDEX tickets_counter_finished`.execute(db);
	await sql`DROP TABLE ratings`.execute(db);
}
