import { sql, type Kysely } from 'kysely';

/** Every durable job table and the word its status column uses for the dead letter. */
const DEAD_LETTERS = [
	['print_jobs', 'failed'],
	['mail_outbox', 'failed'],
	['webhook_deliveries', 'failed'],
	['visitor_messages', 'failed']
] as const;

/**
 * The dead letter of each job table, newest first, as a partial index: /metrics counts it at
 * every scrape and the admin screens list it, and both should read the few failed jobs, never
 * the years of done ones beside them.
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const [table, dead] of DEAD_LETTERS) {
		await sql`CREATE INDEX ${sql.id(`${table}_dead`)} ON ${sql.table(table)} (seq DESC) WHERE status = ${sql.lit(dead)}`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const [table] of DEAD_LETTERS) await sql`DROP INDEX ${sql.id(`${table}_dead`)}`.execute(db);
}
