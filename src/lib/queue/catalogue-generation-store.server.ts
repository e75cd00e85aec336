import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';

/*
 * The one row of catalogue_generation (migration 0022): triggers bump it with every change to
 * units, services, their offers and priority groups, and the queue's copy of them
 * (catalogue-cache.server.ts) compares it with the count it was loaded at.
 */

/** The catalogue's change count (migration 0022), as the first statements of hot paths read it beside their work. */
export const generationSql = sql<string>`(select generation::text from catalogue_generation)`;

/** The catalogue's change count alone: one small read. */
export async function catalogueGeneration(db: Db): Promise<string> {
	const { generation } = await db.selectNoFrom(generationSql.as('generation')).executeTakeFirstOrThrow();
	return generation;
}
