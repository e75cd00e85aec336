import { sql, type Kysely } from 'kysely';

/**
 * The domain event stream and the webhooks that consume it.
 *
 * Events are written by triggers on the rows whose change they tell of (a ticket's history row,
 * a counter's status, an appointment's status, a protocol's history row), so they are part of
 * the very write, in its transaction, whatever code path made it: a use case cannot forget to
 * emit, and an event exists exactly when the change committed. A transaction that imports
 * history (the demo's past days) says so with `SET LOCAL vez.events = 'off'`: the past is not
 * news. Payloads are thin: ids, slugs, codes, numbers, statuses and times — never a name, CPF,
 * e-mail or phone; `src/lib/events/types.ts` gives their TypeScript and OpenAPI shapes.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE domain_events (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		seq bigint GENERATED ALWAYS AS IDENTITY,
		type text NOT NULL,
		unit_id uuid REFERENCES units(id),
		at timestamptz NOT NULL,
		data jsonb NOT NULL,
		-- Set once the dispatcher handed the event to its consumers (webhook deliveries).
		dispatched_at timestamptz
	)`.execute(db);
	await sql`CREATE INDEX domain_events_undispatched ON domain_events (seq) WHERE dispatched_at IS NULL`.execute(db);
	await sql`CREATE INDEX domain_events_unit_at ON domain_events (unit_id, at)`.execute(db);

	await sql`CREATE FUNCTION vez_events_on() RETURNS boolean LANGUAGE sql STABLE AS $$
		SELECT coalesce(current_setting('vez.events', true), '') <> 'off'
	$$`.execute(db);

	await sql`CREATE FUNCTION vez_ticket_event() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		event_type text := CASE NEW.action
			WHEN 'issue' THEN 'ticket.created' WHEN 'call' THEN 'ticket.called' WHEN 'recall' THEN 'ticket.recalled'
			WHEN 'start' THEN 'ticket.started' WHEN 'finish' THEN 'ticket.finished' WHEN 'no_show' THEN 'ticket.no_show'
			WHEN 'cancel' THEN 'ticket.cancelled' WHEN 'transfer' THEN 'ticket.transferred' END;
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
	await sql`CREATE TRIGGER ticket_events_domain AFTER INSERT ON ticket_events FOR EACH ROW EXECUTE FUNCTION vez_ticket_event()`.execute(db);

	await sql`CREATE FUNCTION vez_counter_event() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		IF NOT vez_events_on() THEN RETURN NULL; END IF;
		INSERT INTO domain_events (type, unit_id, at, data)
		SELECT 'counter.' || CASE NEW.status WHEN 'open' THEN 'opened' WHEN 'paused' THEN 'paused' ELSE 'closed' END,
			NEW.unit_id, coalesce(NEW.status_since, now()), jsonb_build_object(
			'counterId', NEW.id, 'number', NEW.number, 'name', NEW.name, 'unit', u.slug,
			'status', NEW.status, 'previousStatus', OLD.status,
			'services', coalesce((SELECT jsonb_agg(s.code ORDER BY s.code) FROM services s WHERE s.id::text IN (SELECT jsonb_array_elements_text(NEW.service_ids))), '[]'::jsonb),
			'at', coalesce(NEW.status_since, now()))
		FROM units u WHERE u.id = NEW.unit_id;
		RETURN NULL;
	END $$`.execute(db);
	await sql`CREATE TRIGGER counters_domain AFTER UPDATE OF status ON counters FOR EACH ROW
		WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION vez_counter_event()`.execute(db);

	await sql`CREATE FUNCTION vez_appointment_event() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		event_type text;
		happened timestamptz;
	BEGIN
		IF NOT vez_events_on() THEN RETURN NULL; END IF;
		IF TG_OP = 'INSERT' THEN
			event_type := 'appointment.booked';
			happened := NEW.created_at;
		ELSE
			event_type := CASE NEW.status WHEN 'cancelled' THEN 'appointment.cancelled' WHEN 'checked_in' THEN 'appointment.checked_in'
				WHEN 'no_show' THEN 'appointment.no_show' END;
			happened := coalesce(CASE NEW.status WHEN 'cancelled' THEN NEW.cancelled_at WHEN 'checked_in' THEN NEW.checked_in_at
				WHEN 'no_show' THEN NEW.no_show_at END, now());
		END IF;
		IF event_type IS NULL THEN RETURN NULL; END IF;
		INSERT INTO domain_events (type, unit_id, at, data)
		SELECT event_type, NEW.unit_id, happened, jsonb_build_object(
			'appointmentId', NEW.id, 'unit', u.slug, 'service', s.code,
			'start', NEW.start_at, 'end', NEW.end_at,
			'status', NEW.status, 'previousStatus', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
			'at', happened)
		FROM units u JOIN services s ON s.id = NEW.service_id
		WHERE u.id = NEW.unit_id;
		RETURN NULL;
	END $$`.execute(db);
	await sql`CREATE TRIGGER appointments_booked AFTER INSERT ON appointments FOR EACH ROW EXECUTE FUNCTION vez_appointment_event()`.execute(db);
	await sql`CREATE TRIGGER appointments_status AFTER UPDATE OF status ON appointments FOR EACH ROW
		WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION vez_appointment_event()`.execute(db);

	await sql`CREATE FUNCTION vez_protocol_event() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		event_type text := CASE WHEN NEW.action = 'open' THEN 'protocol.created'
			WHEN NEW.from_status IS DISTINCT FROM NEW.to_status THEN 'protocol.status_changed' END;
	BEGIN
		IF event_type IS NULL OR NOT vez_events_on() THEN RETURN NULL; END IF;
		INSERT INTO domain_events (type, unit_id, at, data)
		SELECT event_type, p.unit_id, NEW.at, jsonb_build_object(
			'number', p.number, 'kind', p.kind, 'service', s.code, 'organ', o.code, 'unit', u.slug,
			'status', NEW.to_status, 'previousStatus', NEW.from_status, 'channel', p.channel,
			'dueAt', p.due_at, 'at', NEW.at)
		FROM protocols p
		JOIN services s ON s.id = p.service_id
		JOIN organs o ON o.id = coalesce(NEW.to_organ_id, p.organ_id)
		LEFT JOIN units u ON u.id = p.unit_id
		WHERE p.id = NEW.protocol_id;
		RETURN NULL;
	END $$`.execute(db);
	await sql`CREATE TRIGGER protocol_events_domain AFTER INSERT ON protocol_events FOR EACH ROW EXECUTE FUNCTION vez_protocol_event()`.execute(db);

	await sql`CREATE TABLE webhook_endpoints (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		url text NOT NULL CHECK (length(url) <= 2000),
		description text NOT NULL DEFAULT '',
		-- Event types, or ["*"] for all.
		events jsonb NOT NULL,
		-- Unit ids; empty for every unit (and events of no unit).
		unit_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
		-- whsec_… encrypted with VEZ_SECRET_KEY (AES-256-GCM): a dump alone cannot sign.
		secret_enc text NOT NULL,
		-- The secret before a rotation, still signing alongside the new one until previous_until.
		previous_secret_enc text,
		previous_until timestamptz,
		status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
		disabled_reason text,
		created_by text NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now(),
		updated_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);

	await sql`CREATE TABLE webhook_deliveries (
		-- The webhook-id header: the same on every attempt and on a redelivery.
		id text PRIMARY KEY,
		seq bigint GENERATED ALWAYS AS IDENTITY,
		endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
		event_id uuid REFERENCES domain_events(id) ON DELETE SET NULL,
		type text NOT NULL,
		-- The exact bytes signed and sent: {type, timestamp, data}.
		body text NOT NULL,
		status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
		attempts integer NOT NULL DEFAULT 0,
		next_attempt_at timestamptz NOT NULL DEFAULT now(),
		last_error text,
		last_status integer,
		-- The first bytes of the endpoint's last answer, never more.
		last_response text,
		last_attempt_at timestamptz,
		created_at timestamptz NOT NULL DEFAULT now(),
		delivered_at timestamptz
	)`.execute(db);
	await sql`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending')`.execute(db);
	await sql`CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, seq DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE webhook_deliveries`.execute(db);
	await sql`DROP TABLE webhook_endpoints`.execute(db);
	await sql`DROP TRIGGER protocol_events_domain ON protocol_events`.execute(db);
	await sql`DROP TRIGGER appointments_status ON appointments`.execute(db);
	await sql`DROP TRIGGER appointments_booked ON appointments`.execute(db);
	await sql`DROP TRIGGER counters_domain ON counters`.execute(db);
	await sql`DROP TRIGGER ticket_events_domain ON ticket_events`.execute(db);
	for (const f of ['vez_protocol_event', 'vez_appointment_event', 'vez_counter_event', 'vez_ticket_event', 'vez_events_on']) {
		await sql`DROP FUNCTION ${sql.raw(f)}()`.execute(db);
	}
	await sql`DROP TABLE domain_events`.execute(db);
}
