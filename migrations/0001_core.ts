import { sql, type Kysely } from 'kysely';

/** The core model every capability builds on: organs, units, counters, the catalogue, people and devices. */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE organs (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		code text NOT NULL UNIQUE,
		name text NOT NULL,
		acronym text NOT NULL,
		is_ombudsman boolean NOT NULL DEFAULT false,
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);

	await sql`CREATE TABLE units (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
		name text NOT NULL,
		address text NOT NULL DEFAULT '',
		timezone text NOT NULL DEFAULT 'America/Sao_Paulo',
		region text NOT NULL DEFAULT '',
		opening_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
		settings jsonb NOT NULL DEFAULT '{}'::jsonb,
		active boolean NOT NULL DEFAULT true,
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);

	await sql`CREATE TABLE counters (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		unit_id uuid NOT NULL REFERENCES units(id),
		number integer NOT NULL CHECK (number > 0),
		name text NOT NULL,
		active boolean NOT NULL DEFAULT true,
		UNIQUE (unit_id, number)
	)`.execute(db);

	await sql`CREATE TABLE services (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
		name text NOT NULL,
		organ_id uuid NOT NULL REFERENCES organs(id),
		theme text NOT NULL,
		subject text NOT NULL,
		description text NOT NULL DEFAULT '',
		audience text NOT NULL DEFAULT '',
		requirements text NOT NULL DEFAULT '',
		documents jsonb NOT NULL DEFAULT '[]'::jsonb,
		steps jsonb NOT NULL DEFAULT '[]'::jsonb,
		deadline_amount integer CHECK (deadline_amount IS NULL OR deadline_amount > 0),
		deadline_unit text CHECK (deadline_unit IN ('minutes', 'hours', 'days', 'calendar_days', 'business_days', 'months')),
		delivery text NOT NULL DEFAULT '',
		fees text NOT NULL DEFAULT '',
		legal_basis text NOT NULL DEFAULT '',
		channels jsonb NOT NULL DEFAULT '[]'::jsonb,
		anonymous_allowed boolean NOT NULL DEFAULT false,
		expected_wait_minutes integer NOT NULL DEFAULT 15 CHECK (expected_wait_minutes >= 0),
		expected_service_minutes integer NOT NULL DEFAULT 10 CHECK (expected_service_minutes > 0),
		complaints text NOT NULL DEFAULT '',
		keywords text NOT NULL DEFAULT '',
		active boolean NOT NULL DEFAULT true,
		created_at timestamptz NOT NULL DEFAULT now(),
		updated_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);

	await sql`CREATE TABLE unit_services (
		unit_id uuid NOT NULL REFERENCES units(id),
		service_id uuid NOT NULL REFERENCES services(id),
		prefix text NOT NULL CHECK (prefix ~ '^[A-Z]{1,3}$'),
		allows_priority boolean NOT NULL DEFAULT true,
		active boolean NOT NULL DEFAULT true,
		PRIMARY KEY (unit_id, service_id),
		UNIQUE (unit_id, prefix)
	)`.execute(db);

	await sql`CREATE TABLE priority_groups (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		code text NOT NULL UNIQUE,
		name text NOT NULL,
		weight integer NOT NULL CHECK (weight >= 0),
		requires_document boolean NOT NULL DEFAULT false,
		legal_basis text NOT NULL DEFAULT '',
		sort integer NOT NULL DEFAULT 0,
		active boolean NOT NULL DEFAULT true
	)`.execute(db);

	await sql`CREATE TABLE users (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		username text NOT NULL UNIQUE,
		name text NOT NULL,
		password_hash text NOT NULL,
		role text NOT NULL CHECK (role IN ('admin', 'manager', 'clerk', 'agent', 'organ_staff')),
		organ_id uuid REFERENCES organs(id),
		active boolean NOT NULL DEFAULT true,
		created_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);

	await sql`CREATE TABLE user_units (
		user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		unit_id uuid NOT NULL REFERENCES units(id),
		PRIMARY KEY (user_id, unit_id)
	)`.execute(db);

	await sql`CREATE TABLE sessions (
		id text PRIMARY KEY,
		user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		created_at timestamptz NOT NULL DEFAULT now(),
		expires_at timestamptz NOT NULL
	)`.execute(db);
	await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

	await sql`CREATE TABLE api_tokens (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		name text NOT NULL,
		kind text NOT NULL CHECK (kind IN ('kiosk', 'panel', 'integration')),
		unit_id uuid REFERENCES units(id),
		token_hash text NOT NULL UNIQUE,
		created_by uuid REFERENCES users(id),
		created_at timestamptz NOT NULL DEFAULT now(),
		last_used_at timestamptz,
		revoked_at timestamptz,
		CHECK (kind = 'integration' OR unit_id IS NOT NULL)
	)`.execute(db);

	// Failed logins, counted across every process for the login rate limit.
	await sql`CREATE TABLE login_failures (
		id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		username text NOT NULL,
		ip text NOT NULL,
		at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);
	await sql`CREATE INDEX login_failures_lookup_idx ON login_failures (username, at)`.execute(db);
	await sql`CREATE INDEX login_failures_ip_idx ON login_failures (ip, at)`.execute(db);

	await sql`CREATE TABLE audit_log (
		id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		at timestamptz NOT NULL DEFAULT now(),
		actor text NOT NULL,
		action text NOT NULL,
		entity text NOT NULL,
		entity_id text NOT NULL,
		details jsonb NOT NULL DEFAULT '{}'::jsonb
	)`.execute(db);
	await sql`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at)`.execute(db);

	// socket.io's PostgreSQL adapter keeps oversized packets here (used with DATABASE_URL).
	await sql`CREATE TABLE socket_io_attachments (
		id bigserial UNIQUE,
		created_at timestamptz DEFAULT now(),
		payload bytea
	)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'socket_io_attachments',
		'audit_log',
		'login_failures',
		'api_tokens',
		'sessions',
		'user_units',
		'users',
		'priority_groups',
		'unit_services',
		'services',
		'counters',
		'units',
		'organs'
	]) {
		await sql`DROP TABLE ${sql.table(table)}`.execute(db);
	}
}
