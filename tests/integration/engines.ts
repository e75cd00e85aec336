// Each integration test file runs against every engine: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set — each time in a fresh copy of the migrated template.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type DatabaseHandle, type Engine } from '../../src/lib/server/db/database';
import { readConfig } from '../../src/lib/server/config';
import type { Deps } from '../../src/lib/server/deps';
import { databaseUrl } from './template';

export interface TestEngine {
	name: Engine;
	open(): Promise<DatabaseHandle>;
}

async function freshPglite(): Promise<DatabaseHandle> {
	const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
	return openPglite(undefined, template);
}

async function freshPostgres(url: string): Promise<DatabaseHandle> {
	const name = `vez_t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
	await admin.end();
	// Bursts of 200 requests wait for one of 8 connections; on a loaded CI machine that wait can
	// pass the production 5 s, which would answer 503 where these tests check the use case.
	const handle = openPostgres(databaseUrl(url, name), { max: 8, connectTimeoutMs: 60_000 });
	return {
		...handle,
		async close() {
			await handle.close();
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await client.end();
		}
	};
}

export function engines(): TestEngine[] {
	const list: TestEngine[] = [{ name: 'pglite', open: freshPglite }];
	const url = inject('postgresUrl');
	if (url) list.push({ name: 'postgres', open: () => freshPostgres(url) });
	return list;
}

/** Dependencies of a use case over a test database, with a clock the test controls. */
export function testDeps(handle: DatabaseHandle, clock: { now: Date } = { now: new Date() }) {
	const events: { room: string; event: string; payload: unknown }[] = [];
	const deps: Deps = {
		db: handle.db,
		engine: handle.engine,
		now: () => clock.now,
		config: { ...readConfig({ VEZ_VIRTUAL_PHONE: 'off' }), demo: false, virtualPrinterPort: null },
		log: { debug() {}, info() {}, warn() {}, error() {} },
		realtime: { emit: (room, event, payload) => void events.push({ room, event, payload }) }
	};
	return { deps, events, clock };
}

/**
 * The database as a second server process sees it: on PostgreSQL a pool of its own on the same
 * database (its own connections, so its own locks and transactions); PGlite has one process only,
 * whose second app shares the handle (and PGlite runs one transaction at a time).
 */
export function secondProcess(handle: DatabaseHandle): DatabaseHandle {
	if (!handle.pool) return { ...handle, close: async () => {} };
	const { connectionString } = (handle.pool as unknown as { options: { connectionString: string } }).options;
	return openPostgres(connectionString, { max: 8, connectTimeoutMs: 60_000 });
}
