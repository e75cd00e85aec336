// npm run bench:queue — the service desk under load, through HTTP and socket.io against the
// built server (`npm run build` first) on a throwaway PostgreSQL database:
//   1. ticket issue throughput and latency with 50 concurrent kiosks,
//   2. call-next latency with 50 concurrent counters calling back to back (saturation), and
//      then on a steady day (counters serving 1–3 s per citizen while kiosks keep issuing),
//   3. latency from a call's HTTP request to the `call` event at 500 connected sockets.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a
// database may be created. Prints figures, with the floors measured in the same run (phase 0) beside them; asserts nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { migrate, openPostgres } from '../src/lib/server/db/database';
import { hashPassword, sha256 } from '../src/lib/auth/secrets.server';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KIOSKS = Number(process.env.BENCH_KIOSKS ?? 50);
const COUNTERS = Number(process.env.BENCH_COUNTERS ?? 50);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1000);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 500);
const ROOT = path.resolve(import.meta.dirname, '..');

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function report(label: string, ms: number[], wallMs?: number) {
	const s = [...ms].sort((a, b) => a - b);
	const rate = wallMs ? `${((s.length / wallMs) * 1000).toFixed(0).padStart(6)}/s  ` : '';
	console.log(`${label.padEnd(46)} n=${String(s.length).padStart(5)}  ${rate}p50 ${pct(s, 50).toFixed(1).padStart(6)} ms  p99 ${pct(s, 99).toFixed(1).padStart(6)} ms  max ${s.at(-1)!.toFixed(1)} ms`);
}

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const srv = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

const dbName = `vez_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;

// The bench unit: 3 services, COUNTERS counters, one clerk per counter, a kiosk and a panel token.
const handle = openPostgres(url.toString(), 4);
await migrate(handle.db);
const db = handle.db;
// One kiosk token stands for every kiosk of the flood: its per-minute ceiling (at most 600 through the
// admin form) is set past anything the bench issues, straight in the database.
const unit = await db.insertInto('units').values({ slug: 'bench', name: 'Bench', opening_hours: '{}', settings: JSON.stringify({ issueOutsideHours: true, kioskIssuesPerMinute: 1_000_000 }) }).returning('id').executeTakeFirstOrThrow();
const organ = await db.insertInto('organs').values({ code: 'bench', name: 'Bench', acronym: 'B' }).returning('id').executeTakeFirstOrThrow();
const codes = ['bench-a', 'bench-b', 'bench-c'];
for (const [i, code] of codes.entries()) {
	const s = await db
		.insertInto('services')
		.values({ code, name: code, organ_id: organ.id, theme: 't', subject: 's', documents: '[]', steps: '[]', channels: '[]', deadline_amount: null, deadline_unit: null })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db.insertInto('unit_services').values({ unit_id: unit.id, service_id: s.id, prefix: 'ABC'[i] }).execute();
}
await db.insertInto('priority_groups').values({ code: 'idoso', name: 'Idoso', weight: 20 }).execute();
const hash = await hashPassword('bench-password');
const counterIds: string[] = [];
for (let n = 1; n <= COUNTERS; n++) {
	const c = await db.insertInto('counters').values({ unit_id: unit.id, number: n, name: `Guichê ${n}` }).returning('id').executeTakeFirstOrThrow();
	const u = await db.insertInto('users').values({ username: `clerk${n}`, name: `Clerk ${n}`, password_hash: hash, role: 'clerk', organ_id: null }).returning('id').executeTakeFirstOrThrow();
	await db.insertInto('user_units').values({ user_id: u.id, unit_id: unit.id }).execute();
	counterIds.push(c.id);
}
await db.insertInto('api_tokens').values([
	{ name: 'kiosk', kind: 'kiosk', unit_id: unit.id, token_hash: sha256('bench-kiosk'), created_by: null },
	{ name: 'panel', kind: 'panel', unit_id: unit.id, token_hash: sha256('bench-panel'), created_by: null }
]).execute();
await handle.close();

// 0. The floor on the same database, in the same run: a plain INSERT … RETURNING and a
// ticket-shaped transaction (counter upsert + insert) through `pg`, KIOSKS clients at once, so
// the issue figure below reads as a share of what the database itself allows now.
async function floor(label: string, work: (client: pg.PoolClient, i: number) => Promise<void>) {
	const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
	await pool.query('CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, unit int NOT NULL, number text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
	await pool.query('CREATE TABLE IF NOT EXISTS bench_floor_seq (unit int PRIMARY KEY, last int NOT NULL)');
	const ms: number[] = [];
	let n = 0;
	const t = performance.now();
	await Promise.all(
		Array.from({ length: KIOSKS }, async () => {
			while (n < TICKETS * 2) {
				const i = n++;
				const start = performance.now();
				const client = await pool.connect();
				try {
					await work(client, i);
				} finally {
					client.release();
				}
				ms.push(performance.now() - start);
			}
		})
	);
	report(label, ms, performance.now() - t);
	await pool.end();
	return (ms.length / (performance.now() - t)) * 1000;
}
const plainRate = await floor('floor: plain INSERT … RETURNING (pg)', async (c, i) => {
	await c.query('INSERT INTO bench_floor (unit, number) VALUES ($1, $2) RETURNING id', [i % 3, String(i)]);
});
const shapedRate = await floor('floor: ticket-shaped transaction (pg)', async (c, i) => {
	await c.query('BEGIN');
	const { rows } = await c.query('INSERT INTO bench_floor_seq (unit, last) VALUES ($1, 1) ON CONFLICT (unit) DO UPDATE SET last = bench_floor_seq.last + 1 RETURNING last', [i % 3]);
	await c.query('INSERT INTO bench_floor (unit, number) VALUES ($1, $2) RETURNING id', [i % 3, String(rows[0].last)]);
	await c.query('COMMIT');
});

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
const serverArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
// BENCH_SERVER_DIR runs another build (a copy of an earlier commit's build/, server.js and
// realtime-host.js beside this checkout's node_modules) against the same bench: before/after figures.
const server = spawn(process.execPath, [...serverArgs, 'server.js'], {
	cwd: process.env.BENCH_SERVER_DIR ?? ROOT,
	env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url.toString(), VEZ_LOG_LEVEL: 'error', VEZ_JOBS: '0', ...(process.env.PGOPTIONS ? { PGOPTIONS: process.env.PGOPTIONS } : {}) },
	stdio: ['ignore', 'ignore', 'inherit']
});
try {
	for (let i = 0; ; i++) {
		if (i > 300 || server.exitCode !== null) throw new Error('server did not start');
		if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
		await new Promise((r) => setTimeout(r, 200));
	}

	const post = (p: string, headers: Record<string, string>, body?: unknown) =>
		fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

	// 1. Issue: KIOSKS concurrent kiosks share TICKETS tickets.
	const issueMs: number[] = [];
	let next = 0;
	const t0 = performance.now();
	await Promise.all(
		Array.from({ length: KIOSKS }, async () => {
			while (next < TICKETS) {
				const i = next++;
				const start = performance.now();
				const res = await post('/api/v1/units/bench/tickets', { authorization: 'Bearer bench-kiosk' }, { service: codes[i % 3], ...(i % 6 === 0 ? { priority: 'idoso' } : {}) });
				if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
				await res.arrayBuffer();
				issueMs.push(performance.now() - start);
			}
		})
	);
	const issueRate = (issueMs.length / (performance.now() - t0)) * 1000;
	report(`issue, ${KIOSKS} concurrent kiosks`, issueMs, performance.now() - t0);
	console.log(`  = ${((issueRate / shapedRate) * 100).toFixed(1)} % of the ticket-shaped transaction, ${((issueRate / plainRate) * 100).toFixed(2)} % of the plain insert`);

	// Clerks sign in and open their counters on all three services.
	// In tens: sign-ins are counted as failures until the password checks out, and more than 30
	// at once from one address are refused as guessing.
	const cookies: string[] = [];
	for (let from = 0; from < counterIds.length; from += 10) {
		cookies.push(
			...(await Promise.all(
				counterIds.slice(from, from + 10).map(async (id, j) => {
					const res = await post('/api/v1/auth/login', {}, { username: `clerk${from + j + 1}`, password: 'bench-password' });
					if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
					const cookie = res.headers.get('set-cookie')!.split(';')[0];
					await (await post(`/api/v1/counters/${id}/open`, { cookie }, { services: codes })).arrayBuffer();
					return cookie;
				})
			))
		);
	}

	// 2. COUNTERS counters call next concurrently until the queue is empty.
	const callMs: number[] = [];
	const t1 = performance.now();
	await Promise.all(
		counterIds.map(async (id, i) => {
			for (;;) {
				const start = performance.now();
				const res = await post(`/api/v1/counters/${id}/call-next`, { cookie: cookies[i] });
				callMs.push(performance.now() - start);
				if (res.status === 204) return;
				const called = (await res.json()) as { id: string };
				await (await post(`/api/v1/tickets/${called.id}/finish`, { cookie: cookies[i] }, { outcome: 'resolved' })).arrayBuffer();
			}
		})
	);
	report(`call-next, ${COUNTERS} concurrent counters`, callMs, performance.now() - t1);

	// 2b. A busy day rather than a flood: COUNTERS clerks each take 1–3 s per citizen (a
	// minute-long service sped up), kiosks issue at the rate the counters serve, and both
	// latencies are measured while the other runs.
	const STEADY_S = Number(process.env.BENCH_STEADY_SECONDS ?? 20);
	const steadyIssueMs: number[] = [];
	const steadyCallMs: number[] = [];
	const until = performance.now() + STEADY_S * 1000;
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
	const arrivalsPerSecond = COUNTERS / 2;
	await Promise.all([
		// Arrivals come on the clock, not after the previous answer (open loop).
		(async () => {
			const pending: Promise<void>[] = [];
			for (let i = 0; performance.now() < until; i++) {
				pending.push(
					(async () => {
						const start = performance.now();
						const res = await post('/api/v1/units/bench/tickets', { authorization: 'Bearer bench-kiosk' }, { service: codes[i % 3], ...(i % 6 === 0 ? { priority: 'idoso' } : {}) });
						if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
						await res.arrayBuffer();
						steadyIssueMs.push(performance.now() - start);
					})()
				);
				await sleep(1000 / arrivalsPerSecond);
			}
			await Promise.all(pending);
		})(),
		...counterIds.map(async (id, i) => {
			while (performance.now() < until) {
				const start = performance.now();
				const res = await post(`/api/v1/counters/${id}/call-next`, { cookie: cookies[i] });
				steadyCallMs.push(performance.now() - start);
				if (res.status === 204) {
					await sleep(250);
					continue;
				}
				const called = (await res.json()) as { id: string };
				await sleep(1000 + Math.random() * 2000);
				await (await post(`/api/v1/tickets/${called.id}/finish`, { cookie: cookies[i] }, { outcome: 'resolved' })).arrayBuffer();
			}
		})
	]);
	report(`issue, steady ${arrivalsPerSecond}/s while counters work`, steadyIssueMs);
	report(`call-next, ${COUNTERS} counters serving 1–3 s each`, steadyCallMs);

	// 3. SOCKETS panel sockets; one counter calls CALLS tickets, one at a time, and every
	// socket's arrival time is measured from the moment the HTTP request was sent.
	const CALLS = Number(process.env.BENCH_CALLS ?? 100);
	for (let i = 0; i < CALLS; i++) {
		await (await post('/api/v1/units/bench/tickets', { authorization: 'Bearer bench-kiosk' }, { service: codes[0] })).arrayBuffer();
	}
	const sockets: Socket[] = [];
	const sentAt = new Map<string, number>();
	const eventMs: number[] = [];
	for (let i = 0; i < SOCKETS; i++) {
		const s = io(base, { path: '/socket.io', transports: ['websocket'], auth: { token: 'bench-panel' }, forceNew: true });
		sockets.push(s);
		await new Promise<void>((resolve) => s.on('connect', () => resolve()));
		await s.emitWithAck('subscribe', { room: 'panel:bench' });
		s.on('call', (payload: { number: string }) => {
			const at = sentAt.get(payload.number);
			if (at !== undefined) eventMs.push(performance.now() - at);
		});
	}
	for (let i = 0; i < CALLS; i++) {
		const start = performance.now();
		const pending = post(`/api/v1/counters/${counterIds[0]}/call-next`, { cookie: cookies[0] });
		const res = await pending;
		const called = (await res.json()) as { id: string; number: string };
		sentAt.set(called.number, start);
		// Events may beat the HTTP answer; count those from the same start.
		await new Promise((r) => setTimeout(r, 50));
		await (await post(`/api/v1/tickets/${called.id}/finish`, { cookie: cookies[0] }, { outcome: 'resolved' })).arrayBuffer();
	}
	await new Promise((r) => setTimeout(r, 500));
	report(`call request → 'call' event at ${SOCKETS} sockets`, eventMs);
	for (const s of sockets) s.close();
	const mem = await fetch(`${base}/metrics`).then((r) => r.text());
	const rss = /process_resident_memory_bytes (\d+)/.exec(mem)?.[1];
	if (rss) console.log(`server resident memory after the run: ${(Number(rss) / 2 ** 20).toFixed(0)} MiB`);
} finally {
	if (server.exitCode === null) {
		server.kill('SIGTERM');
		await new Promise((r) => server.on('exit', r));
	}
	await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
	await admin.end();
}
