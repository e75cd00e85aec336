import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { migrations } from '../../../../migrations/index.js';
import type { Database } from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';

export type Db = Kysely<Database>;
export type Engine = 'postgres' | 'pglite';

export interface DatabaseHandle {
	db: Db;
	engine: Engine;
	/** The pg pool, when on PostgreSQL (socket.io's adapter listens on it). */
	pool: pg.Pool | null;
	/** The embedded engine itself, when on PGlite (tests dump it as a template). */
	pglite?: PGlite;
	close(): Promise<void>;
}

// timestamptz comes back as Date; bigint counts as number (they stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number(v));

export function openPostgres(url: string, max = 10): DatabaseHandle {
	const pool = new pg.Pool({ connectionString: url, max });
	pool.on('error', () => {
		/* an idle client lost its connection; the pool replaces it */
	});
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return { db, engine: 'postgres', pool, close: () => db.destroy() };
}

/** PGlite on a directory (or in memory with `dataDir` undefined), with the extensions search needs. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
	let lock: DataDirLock | null = null;
	if (dataDir) lock = acquireDataDirLock(dataDir);
	try {
		const pglite = await PGlite.create(dataDir, {
			extensions: { pg_trgm, unaccent },
			loadDataDir
		});
		const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
		return {
			db,
			engine: 'pglite',
			pool: null,
			pglite,
			async close() {
				await db.destroy();
				if (!pglite.closed) await pglite.close();
				lock?.release();
			}
		};
	} catch (e) {
		lock?.release();
		throw e;
	}
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export function migrator(db: Db): Migrator {
	return new Migrator({ db, provider });
}

/** Applies pending migrations; Kysely's migrator takes a lock so concurrent processes wait. */
export async function migrate(db: Db): Promise<string[]> {
	const { error, results } = await migrator(db).migrateToLatest();
	if (error) throw error;
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when the database answers and no migration is pending. */
export async function isReady(db: Db): Promise<boolean> {
	try {
		await sql`SELECT 1`.execute(db);
		const all = await migrator(db).getMigrations();
		return all.every((m) => m.executedAt !== undefined);
	} catch {
		return false;
	}
}
