import { sql, type Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * Takes a transaction-scoped advisory lock (held to the transaction's end): processes that take
 * the same key run the guarded work one at a time, on PostgreSQL and PGlite alike. Only a
 * transaction is accepted: outside one, each statement is its own transaction and the lock would
 * be released as soon as it was taken.
 */
export async function advisoryXactLock(trx: Transaction<Database>, key: number): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(${sql.lit(key)})`.execute(trx);
}
