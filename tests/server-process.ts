// Starts the built app (`node server.js`) as a real process, for the integration tests, the
// end-to-end journeys that restart it and the benchmarks. No test framework import here.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Servers still running: killed when the test process exits, so a timed-out test leaves none behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

export interface RunningServer {
	url: string;
	port: number;
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

export interface StartOptions {
	/** Wait until /readyz answers 200 (default), or return as soon as the process is spawned. */
	waitReady?: boolean;
	/** A fixed port (a restart on the same address); a free one by default. */
	port?: number;
}

/** Spawns the server and resolves once /readyz answers 200 (or rejects with its output when it exits). */
export async function startServer(env: Record<string, string>, { waitReady = true, port }: StartOptions = {}): Promise<RunningServer> {
	if (!fs.existsSync(path.join(ROOT, 'build/handler.js'))) {
		throw new Error('build/handler.js is missing: run `npm run build` before these tests (npm test does).');
	}
	port ??= await freePort();
	let out = '';
	const child = spawn(process.execPath, ['server.js'], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), VEZ_LOG_LEVEL: 'warn', VEZ_VIRTUAL_PRINTER: 'off', VEZ_DEMO_WEBHOOK_PORT: 'off', VEZ_VIRTUAL_PHONE: 'off', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	running.add(child);
	const exited = new Promise<number | null>((resolve) =>
		child.on('exit', (code) => {
			running.delete(child);
			resolve(code);
		})
	);
	const server: RunningServer = {
		url: `http://127.0.0.1:${port}`,
		port,
		process: child,
		exited,
		output: () => out,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			child.kill(signal);
			return exited;
		}
	};
	if (!waitReady) return server;
	await waitUntilReady(server);
	return server;
}

/**
 * Resolves once /readyz answers 200; fails with the server's output if it exits or takes four
 * minutes (a first start seeds the demo city, slow on a machine shared by parallel runs).
 */
export async function waitUntilReady(server: RunningServer): Promise<void> {
	const deadline = Date.now() + 240_000;
	while (Date.now() < deadline) {
		if (server.process.exitCode !== null) throw new Error(`server exited with ${server.process.exitCode}:\n${server.output()}`);
		try {
			const res = await fetch(`${server.url}/readyz`);
			if (res.ok) return;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	await server.stop('SIGKILL');
	throw new Error(`server did not become ready:\n${server.output()}`);
}

export function tempDataDir(): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vez-api-')), 'data');
}

export interface ThrowawayDatabase {
	url: string;
	drop(): Promise<void>;
}

/** A fresh, empty database (the server migrates it) on the PostgreSQL server of `adminUrl`. */
export async function throwawayDatabase(adminUrl: string, prefix = 'vez_api'): Promise<ThrowawayDatabase> {
	const name = `${prefix}_${randomBytes(5).toString('hex')}`;
	const admin = async (sql: string) => {
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		try {
			await client.query(sql);
		} finally {
			await client.end();
		}
	};
	await admin(`CREATE DATABASE ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
