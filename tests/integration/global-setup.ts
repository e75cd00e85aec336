// Prepares one migrated template per engine so each test file starts from a fresh copy in
// milliseconds instead of running initdb and every migration again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, openPglite, openPostgres } from '../../src/lib/server/db/database';
import { POSTGRES_TEMPLATE, databaseUrl } from './template';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
		postgresUrl: string | null;
		postgresTemplate: string;
	}
}

async function adminQuery(url: string, sql: string) {
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
	} catch (e) {
		throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer (${(e as Error).message}).`);
	}
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

export default async function setup(project: TestProject) {
	const url = process.env.TEST_DATABASE_URL || null;
	if (process.env.CI && !url) {
		throw new Error('CI is set but TEST_DATABASE_URL is not: the PostgreSQL half of the integration tests would be skipped.');
	}
	const templateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vez-test-')), 'template.tar.gz');
	const lite = await openPglite();
	await migrate(lite.db);
	const dump = await lite.pglite!.dumpDataDir('gzip');
	fs.writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));
	await lite.close();

	if (url) {
		await adminQuery(url, `DROP DATABASE IF EXISTS ${POSTGRES_TEMPLATE} WITH (FORCE)`);
		await adminQuery(url, `CREATE DATABASE ${POSTGRES_TEMPLATE}`);
		const handle = openPostgres(databaseUrl(url, POSTGRES_TEMPLATE), 2);
		await migrate(handle.db);
		await handle.close();
	}
	project.provide('pgliteTemplate', templateFile);
	project.provide('postgresUrl', url);
	project.provide('postgresTemplate', POSTGRES_TEMPLATE);

	return async () => {
		fs.rmSync(path.dirname(templateFile), { recursive: true, force: true });
		if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${POSTGRES_TEMPLATE} WITH (FORCE)`);
	};
}
