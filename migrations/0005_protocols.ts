import { sql, type Kysely } from 'kysely';

/** The request system: municipal holidays, routing rules, protocols with a gap-free yearly number, and their history. */
export async function up(db: Kysely<any>): Promise<void> {
	// Municipal (unit_id null) or per-unit holiday rules; national ones are built into the code.
	await sql`CREATE TABLE holidays (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		unit_id uuid REFERENCES units(id),
		rule jsonb NOT NULL,
		name text NOT NULL,
		legal_act text NOT NULL DEFAULT '',
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);

	// Routing as data: a row for a region wins over the service's default row (region null).
	await sql`CREATE TABLE service_routes (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		service_id uuid NOT NULL REFERENCES services(id),
		region text,
		organ_id uuid NOT NULL REFERENCES organs(id),
		team text NOT NULL DEFAULT ''
	)`.execute(db);
	await sql`CREATE UNIQUE INDEX service_routes_one_per_region ON service_routes (service_id, coalesce(region, ''))`.execute(db);

	await sql`CREATE TABLE protocol_sequences (
		year integer PRIMARY KEY,
		last integer NOT NULL
	)`.execute(db);

	await sql`CREATE TABLE protocols (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		number text NOT NULL UNIQUE,
		year integer NOT NULL,
		seq integer NOT NULL,
		kind text NOT NULL CHECK (kind IN ('solicitacao', 'reclamacao', 'denuncia', 'elogio', 'sugestao', 'informacao')),
		service_id uuid NOT NULL REFERENCES services(id),
		organ_id uuid NOT NULL REFERENCES organs(id),
		team text NOT NULL DEFAULT '',
		route_reason text NOT NULL DEFAULT '',
		description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 4000),
		address text,
		region text,
		citizen_cpf text CHECK (citizen_cpf IS NULL OR citizen_cpf ~ '^\\d{11}$'),
		citizen_name text,
		citizen_email text,
		citizen_phone text,
		anonymous boolean NOT NULL DEFAULT false,
		channel text NOT NULL CHECK (channel IN ('presencial', 'telefone', 'web', 'app', 'whatsapp', 'integration')),
		ticket_id uuid REFERENCES tickets(id),
		unit_id uuid REFERENCES units(id),
		counter_id uuid REFERENCES counters(id),
		status text NOT NULL DEFAULT 'aberto'
			CHECK (status IN ('aberto', 'em_analise', 'encaminhado', 'em_atendimento', 'concluido', 'indeferido', 'cancelado')),
		due_at timestamptz NOT NULL,
		overdue boolean NOT NULL DEFAULT false,
		escalated_at timestamptz,
		reopened_count integer NOT NULL DEFAULT 0,
		access_code text NOT NULL,
		opened_by text NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now(),
		updated_at timestamptz NOT NULL DEFAULT now(),
		UNIQUE (year, seq),
		CHECK (anonymous OR citizen_cpf IS NOT NULL)
	)`.execute(db);
	await sql`CREATE INDEX protocols_organ_status ON protocols (organ_id, status, due_at)`.execute(db);
	await sql`CREATE INDEX protocols_service_created ON protocols (service_id, created_at)`.execute(db);
	await sql`CREATE INDEX protocols_created ON protocols (created_at)`.execute(db);
	await sql`CREATE INDEX protocols_open_due ON protocols (due_at) WHERE status NOT IN ('concluido', 'indeferido', 'cancelado')`.execute(db);

	await sql`CREATE TABLE protocol_events (
		id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		protocol_id uuid NOT NULL REFERENCES protocols(id),
		at timestamptz NOT NULL,
		action text NOT NULL,
		from_status text,
		to_status text NOT NULL,
		from_organ_id uuid REFERENCES organs(id),
		to_organ_id uuid REFERENCES organs(id),
		note text NOT NULL DEFAULT '',
		public boolean NOT NULL DEFAULT false,
		author text NOT NULL
	)`.execute(db);
	await sql`CREATE INDEX protocol_events_protocol ON protocol_events (protocol_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE protocol_events`.execute(db);
	await sql`DROP TABLE protocols`.execute(db);
	await sql`DROP TABLE protocol_sequences`.execute(db);
	await sql`DROP TABLE service_routes`.execute(db);
	await sql`DROP TABLE holidays`.execute(db);
}
