import { sql, type Kysely } from 'kysely';

/*
 * Appointments under the retention job (issue 6 follow-up): an old, no longer active appointment
 * loses the citizen's CPF, name, e-mail and phone. And a generic, database-counted rate limit
 * (so it holds across server processes) for public actions such as booking.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE appointments ALTER COLUMN citizen_cpf DROP NOT NULL, ALTER COLUMN citizen_name DROP NOT NULL, ADD COLUMN anonymised_at timestamptz`.execute(db);
	await sql`ALTER TABLE appointments ADD CONSTRAINT appointments_booked_has_citizen CHECK (status <> 'booked' OR (citizen_cpf IS NOT NULL AND citizen_name IS NOT NULL))`.execute(db);
	await sql`CREATE TABLE rate_limit_events (
		id bigserial PRIMARY KEY,
		scope text NOT NULL,
		key text NOT NULL,
		at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);
	await sql`CREATE INDEX rate_limit_events_lookup_idx ON rate_limit_events (scope, key, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE rate_limit_events`.execute(db);
	await sql`DELETE FROM appointments WHERE citizen_cpf IS NULL OR citizen_name IS NULL`.execute(db);
	await sql`ALTER TABLE appointments DROP CONSTRAINT appointments_booked_has_citizen`.execute(db);
	await sql`ALTER TABLE appointments DROP COLUMN anonymised_at, ALTER COLUMN citizen_cpf SET NOT NULL, ALTER COLUMN citizen_name SET NOT NULL`.execute(db);
}
