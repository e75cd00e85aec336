import { sql, type Kysely } from 'kysely';

/**
 * Remote tickets (issue 17): a visitor takes a ticket before arriving, where the unit allows it
 * for the service, and checks in at the kiosk (the ticket's arrival code, typed or scanned from
 * its QR) or with "Cheguei" on the phone.
 *
 * The ticket waits in the ordinary queue (`status = 'waiting'`, its `queued_at` the time it was
 * taken, so it keeps its place) with `awaiting_arrival` set until the visitor arrives; the
 * ordering policy never calls it meanwhile. `passed_at` is when the queue first called a ticket
 * that came after it in its own lane — when it would have been called — and the unit's
 * `remoteTickets.expireMinutes` counts from there. The contact (a phone or an e-mail, required
 * to take one) lives apart in `remote_ticket_contacts`, with the consent shown, so the retention
 * sweep clears it like a watch's phone.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_channel_check`.execute(db);
	await sql`ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (channel IN ('kiosk', 'counter', 'api', 'appointment', 'remote'))`.execute(db);
	await sql`ALTER TABLE tickets ADD COLUMN awaiting_arrival boolean NOT NULL DEFAULT false`.execute(db);
	await sql`ALTER TABLE tickets ADD COLUMN arrived_at timestamptz`.execute(db);
	await sql`ALTER TABLE tickets ADD COLUMN passed_at timestamptz`.execute(db);
	await sql`ALTER TABLE tickets ADD COLUMN arrival_code text`.execute(db);
	await sql`CREATE UNIQUE INDEX tickets_arrival_code ON tickets (arrival_code) WHERE arrival_code IS NOT NULL`.execute(db);
	await sql`CREATE INDEX tickets_awaiting_arrival ON tickets (unit_id) WHERE awaiting_arrival AND status = 'waiting'`.execute(db);

	await sql`ALTER TABLE unit_services ADD COLUMN allows_remote boolean NOT NULL DEFAULT false`.execute(db);
	// Remote tickets a day for the service at the unit; null: no cap.
	await sql`ALTER TABLE unit_services ADD COLUMN remote_daily_cap integer CHECK (remote_daily_cap IS NULL OR remote_daily_cap >= 0)`.execute(db);

	await sql`CREATE TABLE remote_ticket_contacts (
		ticket_id uuid PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
		-- E.164, or an e-mail address; both null once the retention period cleared them.
		phone text,
		email text,
		lang text NOT NULL,
		consent_text text NOT NULL,
		consent_at timestamptz NOT NULL,
		personal_data_cleared_at timestamptz
	)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE remote_ticket_contacts`.execute(db);
	await sql`ALTER TABLE unit_services DROP COLUMN remote_daily_cap`.execute(db);
	await sql`ALTER TABLE unit_services DROP COLUMN allows_remote`.execute(db);
	await sql`DROP INDEX tickets_awaiting_arrival`.execute(db);
	await sql`DROP INDEX tickets_arrival_code`.execute(db);
	for (const c of ['arrival_code', 'passed_at', 'arrived_at', 'awaiting_arrival']) await sql`ALTER TABLE tickets DROP COLUMN ${sql.ref(c)}`.execute(db);
	await sql`ALTER TABLE tickets DROP CONSTRAINT tickets_channel_check`.execute(db);
	await sql`ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (channel IN ('kiosk', 'counter', 'api', 'appointment'))`.execute(db);
}
