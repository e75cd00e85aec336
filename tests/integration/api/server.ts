// Starts the built app (`node server.js`) as a real process on a free port for HTTP and socket.io tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl } from '../template';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningServer {
	url: string;
	process: ChildProcess;
	/** Resolves with the exit code once the process ends. */
	exited: Promise<number | null>;
	output(): string;
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

/** Spawns the server and resolves once /readyz answers 200 (or rejects with its output when it exits). */
export async function startServer(env: Record<string, string>, { waitReady = true } = {}): Promise<RunningServer> {
	if (!fs.existsSync(path.join(ROOT, 'build/handler.js'))) {
		throw new Error('build/handler.js is missing: run `npm run build` before the integration tests (npm test does).');
	}
	const port = await freePort();
	let out = '';
	const child = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), VEZ_LOG_LEVEL: 'warn', VEZ_VIRTUAL_PRINTER: 'off', VEZ_DEMO_WEBHOOK_PORT: 'off', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const server: RunningServer = {
		url: `http://127.0.0.1:${port}`,
		process: child,
		exited,
		output: () => out,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null) return child.exitCode;
			child.kill(signal);
			return exited;
		}
	};
	if (!waitReady) return server;
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
		try {
			const res = await fetch(`${server.url}/readyz`);
			if (res.ok) return server;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	await server.stop('SIGKILL');
	throw new Error(`server did not become ready:\n${out}`);
}

export function tempDataDir(): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vez-api-')), 'data');
}

/** A fresh, empty PostgreSQL database (migrated by the server itself), dropped by `drop()`. */
export async function emptyPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
	const admin = inject('postgresUrl');
	if (!admin) return null;
	const name = `vez_api_${randomBytes(5).toString('hex')}`;
	const client = new pg.Client({ connectionString: admin });
	await client.connect();
	await client.query(`CREATE DATABASE ${name}`);
	await client.end();
	return {
		url: databaseUrl(admin, name),
		async drop() {
			const c = new pg.Client({ connectionString: admin });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}

