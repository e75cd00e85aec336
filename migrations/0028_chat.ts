import { sql, type Kysely } from 'kysely';

/**
 * The WhatsApp channel (issue 18): contacts (the citizen's number, the name and neighbourhood
 * they gave and the consent they gave to keep them, LGPD art. 8), one conversation per contact
 * (the bot's state, or the agent holding it) and its messages both ways.
 *
 * An inbound message's `wa_message_id` is Meta's id: unique, so a notification Meta delivers
 * again inserts nothing and is answered once. Inbound rows are jobs for the bot (received →
 * handling → handled) and outbound rows are the outbox to the Cloud API (queued → sending →
 * sent), both on the one job module; `delivery` follows Meta's status notifications for what
 * was sent (delivered, read, failed) without moving the job back.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE chat_contacts (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		channel text NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp')),
		-- E.164.
		phone text NOT NULL,
		name text,
		neighbourhood text,
		lang text NOT NULL DEFAULT 'pt-BR',
		consent_text text,
		consent_at timestamptz,
		created_at timestamptz NOT NULL DEFAULT now(),
		updated_at timestamptz NOT NULL DEFAULT now(),
		UNIQUE (channel, phone)
	)`.execute(db);

	await sql`CREATE TABLE chat_conversations (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		contact_id uuid NOT NULL UNIQUE REFERENCES chat_contacts(id) ON DELETE CASCADE,
		status text NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'waiting', 'agent')),
		state jsonb NOT NULL,
		agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
		waiting_since timestamptz,
		taken_at timestamptz,
		-- The citizen's last message: free replies are allowed for 24 h after it (Meta's window).
		last_inbound_at timestamptz,
		last_message_at timestamptz NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);
	await sql`CREATE INDEX chat_conversations_inbox ON chat_conversations (status, last_message_at)`.execute(db);

	await sql`CREATE TABLE chat_messages (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		seq bigint GENERATED ALWAYS AS IDENTITY,
		conversation_id uuid NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
		direction text NOT NULL CHECK (direction IN ('in', 'out')),
		-- 'citizen', 'bot' or 'agent'.
		author text NOT NULL CHECK (author IN ('citizen', 'bot', 'agent')),
		agent_id uuid REFERENCES users(id) ON DELETE SET NULL,
		-- What a person reads of it (the text, a tapped option's title, a location's address).
		body text NOT NULL,
		-- Inbound: the machine's input; outbound: the reply to send.
		payload jsonb NOT NULL,
		wa_message_id text UNIQUE,
		status text NOT NULL CHECK (status IN ('received', 'handling', 'handled', 'unhandled', 'queued', 'sending', 'sent', 'failed')),
		attempts integer NOT NULL DEFAULT 0,
		next_attempt_at timestamptz NOT NULL DEFAULT now(),
		last_error text,
		done_at timestamptz,
		delivery text CHECK (delivery IN ('sent', 'delivered', 'read', 'failed')),
		delivery_at timestamptz,
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);
	await sql`CREATE INDEX chat_messages_due ON chat_messages (seq) WHERE status IN ('received', 'handling', 'queued', 'sending')`.execute(db);
	await sql`CREATE INDEX chat_messages_dead ON chat_messages (seq DESC) WHERE status IN ('unhandled', 'failed')`.execute(db);
	await sql`CREATE INDEX chat_messages_conversation ON chat_messages (conversation_id, seq)`.execute(db);
	await sql`CREATE INDEX chat_messages_created ON chat_messages (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE chat_messages`.execute(db);
	await sql`DROP TABLE chat_conversations`.execute(db);
	await sql`DROP TABLE chat_contacts`.execute(db);
}
