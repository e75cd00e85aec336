import { sql, type Kysely } from 'kysely';

/*
 * Wait forecasts (issue 20): when a unit's booked visitors check in relative to their time — how
 * early those on time come and the share who come late — so the forecast can tell that a slot
 * whose visitor has not come yet, close to or past its time, is less and less likely to be used.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE queue_profiles ADD COLUMN appointment_early_seconds float8, ADD COLUMN appointment_late_share float8`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE queue_profiles DROP COLUMN appointment_early_seconds, DROP COLUMN appointment_late_share`.execute(db);
}
