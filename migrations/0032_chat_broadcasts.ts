import { sql, type Kysely } from 'kysely';

/**
 * Notices by broadcast (issue 18, Palmas' list): a WhatsApp contact opts in to a unit's or a
 * region's notices from the chat menu (and out with "sair"); an admin sends an approved template
 * to those who opted in. Each broadcast's recipients are rows of their own, one per contact
 * (`UNIQUE (broadcast_id, contact_id)`: nobody gets one notice twice), jobs on the one job module
 * whose first `next_attempt_at` spreads them at the provider's rate.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE chat_subscriptions (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		contact_id uuid NOT NULL REFERENCES chat_contacts(id) ON DELETE CASCADE,
		unit_id uuid REFERENCES units(id) ON DELETE CASCADE,
		region text,
		created_at timestamptz NOT NULL DEFAULT now(),
		CHECK ((unit_id IS NULL) <> (region IS NULL))
	)`.execute(db);
	await sql`CREATE UNIQUE INDEX chat_subscriptions_unit ON chat_subscriptions (contact_id, unit_id) WHERE unit_id IS NOT NULL`.execute(db);
	await sql`CREATE UNIQUE INDEX chat_subscriptions_region ON chat_subscriptions (contact_id, region) WHERE region IS NOT NULL`.execute(db);

	await sql`CREATE TABLE chat_broadcasts (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		template text NOT NULL,
		params jsonb NOT NULL,
		unit_id uuid REFERENCES units(id) ON DELETE SET NULL,
		region text,
		-- What the admin chose, as shown on the screen ("Pró-Cidadão Centro", "Região Sul").
		target_label text NOT NULL,
		created_by uuid REFERENCES users(id) ON DELETE SET NULL,
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);

	await sql`CREATE TABLE chat_broadcast_deliveries (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		seq bigint GENERATED ALWAYS AS IDENTITY,
		broadcast_id uuid NOT NULL REFERENCES chat_broadcasts(id) ON DELETE CASCADE,
		contact_id uuid REFERENCES chat_contacts(id) ON DELETE SET NULL,
		lang text NOT NULL,
		-- 'cancelled': the contact opted out (or was erased) before it went.
		status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
		attempts integer NOT NULL DEFAULT 0,
		next_attempt_at timestamptz NOT NULL,
		last_error text,
		done_at timestamptz,
		wa_message_id text,
		created_at timestamptz NOT NULL DEFAULT now(),
		UNIQUE (broadcast_id, contact_id)
	)`.execute(db);
	await sql`CREATE INDEX chat_broadcast_deliveries_broadcast ON chat_broadcast_deliveries (broadcast_id, status)`.execute(db);
	await sql`CREATE INDEX chat_broadcast_deliveries_due ON chat_broadcast_deliveries (seq) WHERE status IN ('queued', 'sending')`.execute(db);
	await sql`CREATE INDEX chat_broadcast_deliveries_dead ON chat_broadcast_deliveries (seq DESC) WHERE status = 'failed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE chat_broadcast_deliveries`.execute(db);
	await sql`DROP TABLE chat_broadcasts`.execute(db);
	await sql`DROP TABLE chat_subscriptions`.execute(db);
}
