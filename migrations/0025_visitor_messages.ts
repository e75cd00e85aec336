import { sql, type Kysely } from 'kysely';

/**
 * Visitor messages (issue 17): who asked to be told about a ticket, on which channel and when
 * ("watches"), and the outbox of messages to them on the one durable job module.
 *
 * A watch holds the only copy of the visitor's phone number (or push subscription), with the
 * consent given — the time and the exact text shown (LGPD art. 8) — and loses the number once
 * the ticket is over and the retention period passed. Messages hold no personal data: the
 * ticket number, counts and the names of the counter and unit; each has a key that makes it
 * exist once (`near` once per watch, `called` once per call event), however often the
 * dispatcher runs.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE ticket_watches (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
		unit_id uuid NOT NULL REFERENCES units(id),
		channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'webpush')),
		-- E.164; null for push, and once the retention period cleared it.
		phone text,
		push_subscription jsonb,
		ahead integer NOT NULL CHECK (ahead BETWEEN 1 AND 20),
		lang text NOT NULL,
		source text NOT NULL CHECK (source IN ('ticket_page', 'kiosk', 'api')),
		consent_text text NOT NULL,
		consent_at timestamptz NOT NULL,
		near_queued_at timestamptz,
		-- Set when the visitor opted out, chose again, or the ticket ended.
		stopped_at timestamptz,
		personal_data_cleared_at timestamptz,
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);
	await sql`CREATE INDEX ticket_watches_active ON ticket_watches (unit_id, ticket_id) WHERE stopped_at IS NULL`.execute(db);
	await sql`CREATE INDEX ticket_watches_ticket ON ticket_watches (ticket_id)`.execute(db);

	await sql`CREATE TABLE visitor_messages (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		seq bigint GENERATED ALWAYS AS IDENTITY,
		watch_id uuid NOT NULL REFERENCES ticket_watches(id) ON DELETE CASCADE,
		ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
		unit_id uuid NOT NULL REFERENCES units(id),
		kind text NOT NULL CHECK (kind IN ('near', 'called', 'reminder')),
		channel text NOT NULL,
		dedupe_key text NOT NULL UNIQUE,
		message jsonb NOT NULL,
		status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dropped')),
		attempts integer NOT NULL DEFAULT 0,
		next_attempt_at timestamptz NOT NULL,
		last_error text,
		provider text,
		provider_message_id text,
		created_at timestamptz NOT NULL DEFAULT now(),
		sent_at timestamptz
	)`.execute(db);
	await sql`CREATE INDEX visitor_messages_due ON visitor_messages (seq) WHERE status IN ('queued', 'sending')`.execute(db);
	await sql`CREATE INDEX visitor_messages_unit ON visitor_messages (unit_id, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE visitor_messages`.execute(db);
	await sql`DROP TABLE ticket_watches`.execute(db);
}
