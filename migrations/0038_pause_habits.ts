import { sql, type Kysely } from 'kysely';

/*
 * Wait forecasts (issue 20): when a unit's counters usually take breaks and for how long, learned
 * from the counters' pauses in the audit trail, so the forecast expects the capacity a break at the
 * usual hour takes rather than meeting it as a surprise. A unit-wide habit, repeated on each of the
 * unit's profile rows like the appointment shares.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE queue_profiles ADD COLUMN pauses_per_hour jsonb, ADD COLUMN pause_mean_seconds float8`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE queue_profiles DROP COLUMN pauses_per_hour, DROP COLUMN pause_mean_seconds`.execute(db);
}
