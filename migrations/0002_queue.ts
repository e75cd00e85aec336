import { sql, type Kysely } from 'kysely';

/** The service desk: counter state, per-day ticket numbering, tickets and their event history. */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE counters ADD COLUMN status text NOT NULL DEFAULT 'closed' CHECK (status IN ('closed', 'open', 'paused'))`.execute(db);
	await sql`ALTER TABLE counters ADD COLUMN clerk_id uuid REFERENCES users(id)`.execute(db);
	await sql`ALTER TABLE counters ADD COLUMN service_ids jsonb NOT NULL DEFAULT '[]'::jsonb`.execute(db);
	await sql`ALTER TABLE counters ADD COLUMN pause_reason text`.execute(db);
	await sql`ALTER TABLE counters ADD COLUMN status_since timestamptz`.execute(db);
	// A clerk works at one counter at a time.
	await sql`CREATE UNIQUE INDEX counters_one_per_clerk ON counters (clerk_id) WHERE clerk_id IS NOT NULL`.execute(db);

	// Gap-free numbers: the row is bumped in the ticket's own transaction (a sequence leaks on rollback).
	await sql`CREATE TABLE ticket_sequences (
		unit_id uuid NOT NULL REFERENCES units(id),
		service_id uuid NOT NULL REFERENCES services(id),
		day text NOT NULL CHECK (day ~ '^\\d{4}-\\d{2}-\\d{2}$'),
		last_number integer NOT NULL,
		PRIMARY KEY (unit_id, service_id, day)
	)`.execute(db);

	await sql`CREATE TABLE tickets (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		public_id text NOT NULL UNIQUE,
		unit_id uuid NOT NULL REFERENCES units(id),
		service_id uuid NOT NULL REFERENCES services(id),
		number text NOT NULL,
		day text NOT NULL,
		priority_group_id uuid REFERENCES priority_groups(id),
		priority_weight integer NOT NULL DEFAULT 0,
		status text NOT NULL DEFAULT 'waiting'
			CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired')),
		channel text NOT NULL DEFAULT 'kiosk' CHECK (channel IN ('kiosk', 'counter', 'api', 'appointment')),
		issued_at timestamptz NOT NULL DEFAULT now(),
		queued_at timestamptz NOT NULL DEFAULT now(),
		called_at timestamptz,
		started_at timestamptz,
		finished_at timestamptz,
		counter_id uuid REFERENCES counters(id),
		clerk_id uuid REFERENCES users(id),
		target_counter_id uuid REFERENCES counters(id),
		recalls integer NOT NULL DEFAULT 0,
		transfers integer NOT NULL DEFAULT 0,
		outcome text CHECK (outcome IN ('resolved', 'unresolved', 'referred')),
		note text,
		estimated_wait_minutes integer,
		position_at_issue integer,
		appointment_at timestamptz,
		issued_by text NOT NULL,
		UNIQUE (unit_id, day, number)
	)`.execute(db);
	await sql`CREATE INDEX tickets_waiting ON tickets (unit_id, service_id, queued_at) WHERE status = 'waiting'`.execute(db);
	await sql`CREATE INDEX tickets_unit_issued ON tickets (unit_id, issued_at)`.execute(db);
	await sql`CREATE INDEX tickets_unit_called ON tickets (unit_id, called_at DESC) WHERE called_at IS NOT NULL`.execute(db);
	// The database itself guarantees a counter never holds two called tickets.
	await sql`CREATE UNIQUE INDEX tickets_one_per_counter ON tickets (counter_id) WHERE status IN ('called', 'serving')`.execute(db);

	await sql`CREATE TABLE ticket_events (
		id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		ticket_id uuid NOT NULL REFERENCES tickets(id),
		unit_id uuid NOT NULL REFERENCES units(id),
		at timestamptz NOT NULL,
		action text NOT NULL,
		from_status text,
		to_status text NOT NULL,
		service_id uuid NOT NULL REFERENCES services(id),
		counter_id uuid REFERENCES counters(id),
		actor text NOT NULL,
		details jsonb NOT NULL DEFAULT '{}'::jsonb
	)`.execute(db);
	await sql`CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id)`.execute(db);
	await sql`CREATE INDEX ticket_events_unit_at ON ticket_events (unit_id, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE ticket_events`.execute(db);
	await sql`DROP TABLE tickets`.execute(db);
	await sql`DROP TABLE ticket_sequences`.execute(db);
	for (const column of ['status_since', 'pause_reason', 'service_ids', 'clerk_id', 'status']) {
		await sql`ALTER TABLE counters DROP COLUMN ${sql.ref(column)}`.execute(db);
	}
}
