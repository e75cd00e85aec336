import { sql, type Kysely } from 'kysely';

/** The mail outbox: e-mails written in the same transaction as what they tell about, sent later by a job. */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE mail_outbox (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		-- Enqueue order, so a citizen gets "opened" before "concluded" when both wait.
		seq bigint GENERATED ALWAYS AS IDENTITY,
		to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 320),
		subject text NOT NULL CHECK (length(subject) <= 998),
		text_body text NOT NULL,
		html_body text,
		kind text NOT NULL,
		ref text,
		status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
		attempts integer NOT NULL DEFAULT 0,
		next_attempt_at timestamptz NOT NULL DEFAULT now(),
		last_error text,
		created_at timestamptz NOT NULL DEFAULT now(),
		sent_at timestamptz
	)`.execute(db);
	// The runner's scan: due mails, and 'sending' ones whose lease ran out (a runner died mid-send).
	await sql`CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status IN ('queued', 'sending')`.execute(db);
	// The admin outbox, newest first.
	await sql`CREATE INDEX mail_outbox_recent ON mail_outbox (seq DESC)`.execute(db);
	await sql`CREATE INDEX mail_outbox_ref ON mail_outbox (ref, seq) WHERE ref IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE mail_outbox`.execute(db);
}
