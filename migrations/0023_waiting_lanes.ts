import { sql, type Kysely } from 'kysely';

/*
 * A counter's call reads the head of each lane of the ordering policy (call-candidates.server.ts):
 * priority walk-ins by weight then arrival, normal walk-ins by arrival. Each lane has its partial
 * index in that very order, so the head is the first rows of an index scan however many wait.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE INDEX tickets_waiting_priority_lane ON tickets (unit_id, priority_weight DESC, queued_at, id)
		WHERE status = 'waiting' AND appointment_at IS NULL AND priority_weight > 0`.execute(db);
	await sql`CREATE INDEX tickets_waiting_normal_lane ON tickets (unit_id, queued_at, id)
		WHERE status = 'waiting' AND appointment_at IS NULL AND priority_weight = 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP INDEX tickets_waiting_normal_lane`.execute(db);
	await sql`DROP INDEX tickets_waiting_priority_lane`.execute(db);
}
