import { sql } from 'kysely';
import type { Db } from './database';

/**
 * Takes a transaction-scoped advisory lock (held to the transaction's end): processes that take
 * the same key run the guarded work one at a time, on PostgreSQL and PGlite alike.
 */
export async function advisoryXactLock(trx: Db, key: number): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(${sql.lit(key)})`.execute(trx);
}
