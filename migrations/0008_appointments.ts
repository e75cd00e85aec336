import { sql, type Kysely } from 'kysely';

/**
 * Appointments: capacity as data per unit and service, the appointments themselves, a counter
 * row per booked slot (the database's guarantee against double booking) and the link from a
 * checked-in appointment to its ticket.
 */
export async function up(db: Kysely<any>): Promise<void> {
	// One weekly template and its date exceptions per unit and service (see src/lib/appointments/capacity.ts).
	await sql`CREATE TABLE appointment_capacity (
		unit_id uuid NOT NULL REFERENCES units(id),
		service_id uuid NOT NULL REFERENCES services(id),
		template jsonb NOT NULL,
		exceptions jsonb NOT NULL DEFAULT '[]'::jsonb,
		updated_at timestamptz NOT NULL DEFAULT now(),
		updated_by text NOT NULL DEFAULT 'system',
		PRIMARY KEY (unit_id, service_id)
	)`.execute(db);

	await sql`CREATE TABLE appointments (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		code text NOT NULL UNIQUE,
		unit_id uuid NOT NULL REFERENCES units(id),
		service_id uuid NOT NULL REFERENCES services(id),
		start_at timestamptz NOT NULL,
		end_at timestamptz NOT NULL CHECK (end_at > start_at),
		status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
		citizen_cpf text NOT NULL CHECK (citizen_cpf ~ '^\\d{11}$'),
		citizen_name text NOT NULL,
		citizen_email text,
		citizen_phone text,
		-- sha256 of the manage token; the token itself is shown once, in the manage link.
		manage_token_hash text NOT NULL UNIQUE,
		-- false when the unit-service lets a citizen hold several appointments at once.
		exclusive boolean NOT NULL DEFAULT true,
		booked_by text NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now(),
		checked_in_at timestamptz,
		cancelled_at timestamptz,
		no_show_at timestamptz,
		reminder_sent_at timestamptz
	)`.execute(db);
	// One active appointment per CPF and service, enforced by the database under concurrency.
	await sql`CREATE UNIQUE INDEX appointments_one_active ON appointments (citizen_cpf, service_id) WHERE status = 'booked' AND exclusive`.execute(db);
	await sql`CREATE INDEX appointments_unit_start ON appointments (unit_id, start_at)`.execute(db);
	await sql`CREATE INDEX appointments_booked_start ON appointments (start_at) WHERE status = 'booked'`.execute(db);
	await sql`CREATE INDEX appointments_cpf ON appointments (citizen_cpf, start_at)`.execute(db);

	// Places taken per slot: booking bumps the row only while it is below the slot's places, in
	// one statement under the row lock, so the last place goes to exactly one transaction.
	await sql`CREATE TABLE appointment_slots (
		unit_id uuid NOT NULL REFERENCES units(id),
		service_id uuid NOT NULL REFERENCES services(id),
		start_at timestamptz NOT NULL,
		booked integer NOT NULL CHECK (booked >= 0),
		PRIMARY KEY (unit_id, service_id, start_at)
	)`.execute(db);

	await sql`ALTER TABLE tickets ADD COLUMN appointment_id uuid REFERENCES appointments(id)`.execute(db);
	await sql`CREATE UNIQUE INDEX tickets_one_per_appointment ON tickets (appointment_id) WHERE appointment_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE tickets DROP COLUMN appointment_id`.execute(db);
	await sql`DROP TABLE appointment_slots`.execute(db);
	await sql`DROP TABLE appointments`.execute(db);
	await sql`DROP TABLE appointment_capacity`.execute(db);
}
