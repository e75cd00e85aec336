import { sql, type Kysely } from 'kysely';

/**
 * Indexes behind the reports (/manage/reports, GET /units/{unit}/stats): every report reads a
 * unit's tickets by local day (`day` is the issue date in the unit's zone, so a date range in
 * the unit's zone is an index range), and protocols by unit and creation time.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE INDEX tickets_unit_day ON tickets (unit_id, day)`.execute(db);
	await sql`CREATE INDEX protocols_unit_created ON protocols (unit_id, created_at)`.execute(db);
	// When a protocol was concluded, for "concluded on time".
	await sql`CREATE INDEX protocol_events_concluded ON protocol_events (protocol_id, at) WHERE to_status = 'concluido'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP INDEX protocol_events_concluded`.execute(db);
	await sql`DROP INDEX protocols_unit_created`.execute(db);
	await sql`DROP INDEX tickets_unit_day`.execute(db);
}
