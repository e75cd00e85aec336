import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { migrations } from '../../../../migrations/index.js';
import type { Database } from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { unavailableOnLoss } from './unavailable.js';
import { alwaysUp, watchDatabase, type DatabaseWatch } from './watch.js';

export type Db = Kysely<Database>;
export type Engine = 'postgres' | 'pglite';

export interface DatabaseHandle {
	db: Db;
	engine: Engine;
	/** The pg pool, when on PostgreSQL (socket.io's adapter listens on it). */
	pool: pg.Pool | null;
	/** The embedded engine itself, when on PGlite (tests dump it as a template). */
	pglite?: PGlite;
	/** Whether the database answers now; PGlite lives in the process and is always up. */
	watch: DatabaseWatch;
	close(): Promise<void>;
}

export interface PostgresOptions {
	max?: number;
	/** How long to wait for a connection before answering 503 (a down or unreachable server). */
	connectTimeoutMs?: number;
	/** PostgreSQL's statement_timeout for every connection; 0 = none. */
	statementTimeoutMs?: number;
	log?: { warn(msg: string, fields?: Record<string, unknown>): void };
}

// timestamptz comes back as Date; bigint counts as number (they stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * A node-postgres pool that survives the server going away: every client has an `error`
 * listener (an unhandled one kills the process on a restart's 57P01), connecting gives up after
 * `connectTimeoutMs`, and a lost connection reaches callers as VezError('unavailable').
 */
export function openPostgres(url: string, maxOrOptions: number | PostgresOptions = 10): DatabaseHandle {
	const opts = typeof maxOrOptions === 'number' ? { max: maxOrOptions } : maxOrOptions;
	const config: pg.PoolConfig = {
		connectionString: url,
		connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
		keepAlive: true,
		keepAliveInitialDelayMillis: 10_000,
		application_name: 'vez',
		...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {})
	};
	const lost = (e: unknown) => opts.log?.warn('database connection lost', { error: e instanceof Error ? e.message : String(e) });
	const guard = (p: pg.Pool) => {
		// Idle clients report through the pool, checked-out ones through themselves; both are
		// replaced by the pool, so this only has to keep the process alive and say so.
		p.on('error', lost);
		p.on('connect', (client) => client.on('error', lost));
		return p;
	};
	const pool = guard(new pg.Pool({ ...config, max: opts.max ?? 10 }));
	// The watch probes on a connection of its own: a pool busy with a burst of requests (every
	// screen resyncing after a restart) is not a database that went away.
	const probe = guard(new pg.Pool({ ...config, max: 1 }));
	const watch = watchDatabase(async () => void (await probe.query('SELECT 1')), { timeoutMs: opts.connectTimeoutMs ?? 5000 });
	const db = new Kysely<Database>({ dialect: unavailableOnLoss(new PostgresDialect({ pool }), () => watch.suspect()) });
	return {
		db,
		engine: 'postgres',
		pool,
		watch,
		async close() {
			watch.stop();
			await Promise.all([db.destroy(), probe.end()]);
		}
	};
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
			watch: alwaysUp,
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
	// Features land from parallel branches: a database that already ran a later migration still
	// takes an earlier-numbered one that arrived after it.
	return new Migrator({ db, provider, allowUnorderedMigrations: true });
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
