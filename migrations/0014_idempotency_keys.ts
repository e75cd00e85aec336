import { sql, type Kysely } from 'kysely';

/*
 * Idempotency keys (issue 12): the first answer to a keyed request, written in the same
 * transaction as its effect, so a retried request replays it instead of acting twice. The row
 * is addressed by a hash of caller and key, and the answer is encrypted with a key derived from
 * them: a manage link or access code in an answer is readable only by whoever sends the key again.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE idempotency_keys (
		id text PRIMARY KEY,
		fingerprint text NOT NULL,
		answer text,
		created_at timestamptz NOT NULL
	)`.execute(db);
	await sql`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE idempotency_keys`.execute(db);
}
