// npx tsx bench/printing.ts — how long a ticket takes from the kiosk's tap (its POST /tickets)
// to its bytes on the printer's socket, against the built server (`npm run build` first).
// The server runs the demo city with its own virtual printer off; an admin points one unit's
// printer at a capture server in this process, which timestamps each connection's first byte
// and its end, and decodes the ESC/POS to match it to the ticket by the QR's tracking URL.
// Taps are spaced by a random gap so they fall at every point of the print runner's cycle.
//   BENCH_TICKETS (200), BENCH_GAP_MS (1000): tickets, and the longest gap between taps.
//   BENCH_DATABASE_URL: also run on PostgreSQL (a throwaway database is created there).
// Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { decodeEscPos } from '../src/lib/printing/escpos-decoder';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 200);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 1000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? null;
const UNIT = 'centro';
const KIOSK_TOKEN = `demo-kiosk-${UNIT}`;
const ROOT = path.resolve(import.meta.dirname, '..');

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function report(label: string, ms: number[]) {
	const s = [...ms].sort((a, b) => a - b);
	console.log(
		`${label.padEnd(40)} n=${String(s.length).padStart(4)}  p50 ${pct(s, 50).toFixed(1).padStart(7)} ms  p99 ${pct(s, 99).toFixed(1).padStart(7)} ms  max ${s.at(-1)!.toFixed(1).padStart(7)} ms`
	);
}

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const srv = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

interface Capture {
	firstByteAt: number;
	endAt: number;
	qr: string[];
}

/** A printer that keeps, per connection, when the first byte came, when the stream ended, and the QR payloads. */
async function startCapture(onPrint: (c: Capture) => void): Promise<{ port: number; close(): Promise<void> }> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		let firstByteAt = 0;
		const chunks: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => {
			firstByteAt ||= performance.now();
			chunks.push(chunk);
		});
		socket.on('error', () => {});
		socket.on('end', () => {
			const endAt = performance.now();
			socket.end();
			const bytes = new Uint8Array(Buffer.concat(chunks));
			if (bytes.length > 0) onPrint({ firstByteAt, endAt, qr: decodeEscPos(bytes, 'cp860').qrCodes });
		});
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

async function run(engine: 'embedded' | 'postgres') {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '',
		PORT: String(port),
		HOST: '127.0.0.1',
		VEZ_DEMO: '1',
		VEZ_VIRTUAL_PRINTER: 'off',
		VEZ_DEMO_WEBHOOK_PORT: 'off',
		VEZ_LOG_LEVEL: 'error'
	};
	let cleanup: () => Promise<void>;
	if (engine === 'embedded') {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'vez-bench-printing-'));
		env.VEZ_DATA_DIR = path.join(dir, 'data');
		cleanup = () => rm(dir, { recursive: true, force: true });
	} else {
		const name = `vez_bench_print_${randomBytes(4).toString('hex')}`;
		const admin = new pg.Client({ connectionString: PG_URL! });
		await admin.connect();
		await admin.query(`CREATE DATABASE ${name}`);
		const url = new URL(PG_URL!);
		url.pathname = `/${name}`;
		env.DATABASE_URL = url.toString();
		cleanup = async () => {
			await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await admin.end();
		};
	}

	// Keyed by tracking URL; a print may reach the socket before this process has read the 201.
	const waiting = new Map<string, (c: Capture) => void>();
	const arrived = new Map<string, Capture>();
	const capture = await startCapture((c) => {
		for (const url of c.qr) {
			const wake = waiting.get(url);
			if (wake) wake(c);
			else arrived.set(url, c);
		}
	});
	const server = spawn(process.execPath, ['server.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
	try {
		for (let i = 0; ; i++) {
			if (i > 600) throw new Error('server did not start');
			if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
			await new Promise((r) => setTimeout(r, 200));
		}
		const post = (p: string, headers: Record<string, string>, body?: unknown) =>
			fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

		const login = await post('/api/v1/auth/login', {}, { username: 'admin.demo', password: 'vez-demo' });
		if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
		const cookie = login.headers.get('set-cookie')!.split(';')[0];
		const printer = await post(`/api/v1/units/${UNIT}/printers`, { cookie }, { name: 'Bench capture', host: '127.0.0.1', port: capture.port });
		if (printer.status !== 201) throw new Error(`printer not created: ${printer.status} ${await printer.text()}`);
		const services = (await (await fetch(`${base}/api/v1/units/${UNIT}/services`)).json()) as { code: string }[];

		const issueMs: number[] = [];
		const firstByteMs: number[] = [];
		const endMs: number[] = [];
		let lost = 0;
		for (let i = 0; i < TICKETS; i++) {
			await new Promise((r) => setTimeout(r, Math.random() * GAP_MS));
			const tap = performance.now();
			const res = await post(`/api/v1/units/${UNIT}/tickets`, { authorization: `Bearer ${KIOSK_TOKEN}` }, { service: services[i % services.length].code });
			const answered = performance.now();
			if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
			const ticket = (await res.json()) as { trackUrl: string };
			const printed = arrived.get(ticket.trackUrl) ?? await new Promise<Capture | null>((resolve) => {
				const timer = setTimeout(() => resolve(null), 10_000);
				waiting.set(ticket.trackUrl, (c) => {
					clearTimeout(timer);
					resolve(c);
				});
			});
			waiting.delete(ticket.trackUrl);
			issueMs.push(answered - tap);
			if (!printed) {
				lost += 1;
				continue;
			}
			firstByteMs.push(printed.firstByteAt - tap);
			endMs.push(printed.endAt - tap);
		}
		console.log(`\n${engine === 'embedded' ? 'Embedded PGlite' : 'PostgreSQL'} — ${TICKETS} kiosk taps, one at a time, 0–${GAP_MS} ms apart`);
		report('tap → 201 (ticket on screen)', issueMs);
		report('tap → first byte at the printer', firstByteMs);
		report('tap → whole ticket at the printer', endMs);
		if (lost) console.log(`${lost} ticket(s) never reached the printer within 10 s`);
	} finally {
		server.kill('SIGTERM');
		await new Promise((r) => server.once('exit', r));
		await capture.close();
		await cleanup();
	}
}

await run('embedded');
if (PG_URL) await run('postgres');
