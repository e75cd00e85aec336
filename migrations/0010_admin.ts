import { sql, type Kysely } from 'kysely';

/**
 * Administration: settings of the whole installation (data retention), an audit trail that can
 * be searched by time and actor, and protocols whose citizen data was blanked by the retention job.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE app_settings (
		key text PRIMARY KEY,
		value jsonb NOT NULL,
		updated_at timestamptz NOT NULL DEFAULT now()
	)`.execute(db);
	await sql`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`.execute(db);
	await sql`CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC)`.execute(db);
	// An anonymised protocol keeps its history and figures but no longer names its citizen.
	await sql`ALTER TABLE protocols ADD COLUMN anonymised_at timestamptz`.execute(db);
	await sql`ALTER TABLE protocols DROP CONSTRAINT protocols_check`.execute(db);
	await sql`ALTER TABLE protocols ADD CONSTRAINT protocols_citizen_check
		CHECK (anonymous OR citizen_cpf IS NOT NULL OR anonymised_at IS NOT NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE protocols DROP CONSTRAINT protocols_citizen_check`.execute(db);
	await sql`ALTER TABLE protocols ADD CONSTRAINT protocols_check CHECK (anonymous OR citizen_cpf IS NOT NULL)`.execute(db);
	await sql`ALTER TABLE protocols DROP COLUMN anonymised_at`.execute(db);
	await sql`DROP INDEX audit_log_actor_idx`.execute(db);
	await sql`DROP INDEX audit_log_at_idx`.execute(db);
	await sql`DROP TABLE app_settings`.execute(db);
}
