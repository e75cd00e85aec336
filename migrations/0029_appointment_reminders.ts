import { sql, type Kysely } from 'kysely';

/** The ticket history actions that are domain events, and their types (0017's list, plus this migration's). */
const BEFORE: [string, string][] = [
	['issue', 'ticket.created'],
	['call', 'ticket.called'],
	['recall', 'ticket.recalled'],
	['start', 'ticket.started'],
	['finish', 'ticket.finished'],
	['no_show', 'ticket.no_show'],
	['cancel', 'ticket.cancelled'],
	['transfer', 'ticket.transferred']
];
const AFTER: [string, string][] = [...BEFORE, ['arrive', 'ticket.arrived'], ['expire', 'ticket.expired']];

/** 0017's ticket event trigger function, with the given actions; its payload is unchanged. */
async function ticketEventFunction(db: Kysely<any>, actions: [string, string][]): Promise<void> {
	const cases = sql.join(
		actions.map(([action, type]) => sql`WHEN ${sql.lit(action)} THEN ${sql.lit(type)}`),
		sql` `
	);
	await sql`CREATE OR REPLACE FUNCTION vez_ticket_event() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		event_type text := CASE NEW.action ${cases} END;
	BEGIN
		IF event_type IS NULL OR NOT vez_events_on() THEN RETURN NULL; END IF;
		INSERT INTO domain_events (type, unit_id, at, data)
		SELECT event_type, NEW.unit_id, NEW.at, jsonb_build_object(
			'ticketId', t.id, 'number', t.number, 'unit', u.slug, 'service', s.code,
			'status', NEW.to_status, 'previousStatus', NEW.from_status,
			'priority', p.code, 'channel', t.channel,
			'counter', CASE WHEN c.id IS NULL THEN NULL ELSE jsonb_build_object('id', c.id, 'number', c.number, 'name', c.name) END,
			'recalls', t.recalls,
			'outcome', CASE WHEN NEW.action = 'finish' THEN NEW.details->>'outcome' END,
			'toService', CASE WHEN NEW.action = 'transfer' THEN NEW.details->>'toService' END,
			'at', NEW.at)
		FROM tickets t
		JOIN units u ON u.id = NEW.unit_id
		JOIN services s ON s.id = NEW.service_id
		LEFT JOIN counters c ON c.id = NEW.counter_id
		LEFT JOIN priority_groups p ON p.id = t.priority_group_id
		WHERE t.id = NEW.ticket_id;
		RETURN NULL;
	END $$`.execute(db);
}

/**
 * Appointment reminders on the visitor's phone and watches made from a remote ticket's contact
 * (issue 17).
 *
 * A booking may ask for reminders by SMS or WhatsApp: the appointment keeps the channel, the
 * number (E.164), the language and the consent — its time and the exact text shown (LGPD art. 8)
 * — and `reminders_from`, the booking's or the last reschedule's time, so a reminder whose moment
 * came before it is never sent late. The number goes with the citizen's other data (retention,
 * anonymisation); the consent record stays. Reminders go out on the visitor-message outbox, whose
 * rows now belong to a ticket's watch or to an appointment, never both.
 *
 * A watch may also come from the contact given when taking a remote ticket (`source = 'remote'`).
 *
 * Two more ticket domain events: `ticket.arrived` (a remote ticket's visitor checked in) and
 * `ticket.expired` (a remote ticket whose visitor never came, or a ticket left at the end of the
 * day), with the same thin payload as the others — no contact ever.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE appointments ADD COLUMN reminder_channel text CHECK (reminder_channel IN ('sms', 'whatsapp'))`.execute(db);
	await sql`ALTER TABLE appointments ADD COLUMN reminder_phone text`.execute(db);
	await sql`ALTER TABLE appointments ADD COLUMN reminder_lang text`.execute(db);
	await sql`ALTER TABLE appointments ADD COLUMN reminder_consent_text text`.execute(db);
	await sql`ALTER TABLE appointments ADD COLUMN reminder_consent_at timestamptz`.execute(db);
	await sql`ALTER TABLE appointments ADD COLUMN reminders_from timestamptz`.execute(db);
	await sql`CREATE INDEX appointments_reminders ON appointments (start_at) WHERE status = 'booked' AND reminder_channel IS NOT NULL`.execute(db);

	await sql`ALTER TABLE visitor_messages ALTER COLUMN watch_id DROP NOT NULL`.execute(db);
	await sql`ALTER TABLE visitor_messages ALTER COLUMN ticket_id DROP NOT NULL`.execute(db);
	await sql`ALTER TABLE visitor_messages ADD COLUMN appointment_id uuid REFERENCES appointments(id) ON DELETE CASCADE`.execute(db);
	await sql`ALTER TABLE visitor_messages ADD CONSTRAINT visitor_messages_one_subject CHECK ((watch_id IS NULL) <> (appointment_id IS NULL))`.execute(db);

	await sql`ALTER TABLE ticket_watches DROP CONSTRAINT IF EXISTS ticket_watches_source_check`.execute(db);
	await sql`ALTER TABLE ticket_watches ADD CONSTRAINT ticket_watches_source_check CHECK (source IN ('ticket_page', 'kiosk', 'api', 'remote'))`.execute(db);

	await ticketEventFunction(db, AFTER);
}

export async function down(db: Kysely<any>): Promise<void> {
	await ticketEventFunction(db, BEFORE);
	await sql`ALTER TABLE ticket_watches DROP CONSTRAINT ticket_watches_source_check`.execute(db);
	await sql`ALTER TABLE ticket_watches ADD CONSTRAINT ticket_watches_source_check CHECK (source IN ('ticket_page', 'kiosk', 'api'))`.execute(db);
	await sql`DELETE FROM visitor_messages WHERE appointment_id IS NOT NULL`.execute(db);
	await sql`ALTER TABLE visitor_messages DROP CONSTRAINT visitor_messages_one_subject`.execute(db);
	await sql`ALTER TABLE visitor_messages DROP COLUMN appointment_id`.execute(db);
	await sql`ALTER TABLE visitor_messages ALTER COLUMN ticket_id SET NOT NULL`.execute(db);
	await sql`ALTER TABLE visitor_messages ALTER COLUMN watch_id SET NOT NULL`.execute(db);
	await sql`DROP INDEX appointments_reminders`.execute(db);
	for (const c of ['reminders_from', 'reminder_consent_at', 'reminder_consent_text', 'reminder_lang', 'reminder_phone', 'reminder_channel']) {
		await sql`ALTER TABLE appointments DROP COLUMN ${sql.ref(c)}`.execute(db);
	}
}
