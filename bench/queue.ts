// npm run bench:queue — the service desk under load, through HTTP and socket.io against the
// built server (`npm run build` first) on a throwaway PostgreSQL database:
//   0. the floors, in the same run: a plain INSERT … RETURNING and a ticket-shaped transaction
//      through `pg`, and (before phases 3 and 4) a bare socket.io relay (bench/socket-relay.js)
//      at the same socket count,
//   1. ticket issue throughput and latency with 50 concurrent kiosks,
//   2. call-next latency with 50 concurrent counters calling back to back (saturation), beside
//      its floor (the cheapest exactly-once claim through `pg`, as many callers), and
//      then on a steady day (counters serving 1–3 s per citizen while kiosks keep issuing),
//   3. latency from a call's HTTP request to the `call` event at 500 connected sockets,
//   4. the same at 3,000 sockets spread over three server processes sharing the database, and
//      the server's memory per 1,000 sockets,
//   5. 1,000 waiting phones, each in its ticket's room and its unit's line: server CPU per call
//      and the place messages the phones receive,
//   6. an issue's latency with 2,000 tickets waiting against an empty queue.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a
// database may be created. Phase 2 calls what phase 1 issued: run both ("1,2"). BENCH_WAITS=1
// samples what the bench database's sessions wait on during phase 2. Prints figures, with the floors beside them as ratios; asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
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
// BENCH_PHASES, e.g. "1" or "1,6", runs only those phases (the floors always run): short runs under
// the machine's lock. Unset, every phase runs.
const PHASES = process.env.BENCH_PHASES ? new Set(process.env.BENCH_PHASES.split(',').map((p) => Number(p.trim()))) : null;
const runs = (...phases: number[]) => PHASES === null || phases.some((p) => PHASES.has(p));
const ROOT = path.resolve(import.meta.dirname, '..');

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function report(label: string, ms: number[], wallMs?: number) {
	if (ms.length === 0) return console.log(`${label.padEnd(46)} n=    0`);
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
const serviceIds: string[] = [];
for (const [i, code] of codes.entries()) {
	const s = await db
		.insertInto('services')
		.values({ code, name: code, organ_id: organ.id, theme: 't', subject: 's', documents: '[]', steps: '[]', channels: '[]', deadline_amount: null, deadline_unit: null })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db.insertInto('unit_services').values({ unit_id: unit.id, service_id: s.id, prefix: 'ABC'[i] }).execute();
	serviceIds.push(s.id);
}
// Phase 6's two units, alike but for their queues: one kept empty, one kept at LINE_WAITING.
const lineUnits = { empty: 'bench-empty', full: 'bench-full' } as const;
for (const slug of Object.values(lineUnits)) {
	const u = await db.insertInto('units').values({ slug, name: slug, opening_hours: '{}', settings: JSON.stringify({ issueOutsideHours: true, kioskIssuesPerMinute: 1_000_000 }) }).returning('id').executeTakeFirstOrThrow();
	await db.insertInto('unit_services').values(serviceIds.map((service_id, i) => ({ unit_id: u.id, service_id, prefix: 'ABC'[i] }))).execute();
	await db.insertInto('api_tokens').values({ name: `kiosk ${slug}`, kind: 'kiosk', unit_id: u.id, token_hash: sha256(`${slug}-kiosk`), created_by: null }).execute();
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

/**
 * CPU seconds so far of the PostgreSQL backends serving the bench database, of `pids` (Vez's
 * servers) and of this load generator: what a phase costs each, whatever else the machine runs.
 */
async function cpuNow(pids: readonly number[] = []) {
	const seconds = (pid: number) => {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			return (Number(fields[11]) + Number(fields[12])) / TICKS;
		} catch {
			return 0;
		}
	};
	const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName]);
	const backends = new Map(rows.map((r) => [r.pid, seconds(r.pid)]));
	const own = process.cpuUsage();
	return { backends, server: pids.reduce((sum, pid) => sum + seconds(pid), 0), bench: (own.user + own.system) / 1e6 };
}
const TICKS = 100;
/** CPU ms per unit of work between two cpuNow readings, for the report. */
function cpuPer(before: Awaited<ReturnType<typeof cpuNow>>, after: Awaited<ReturnType<typeof cpuNow>>, n: number) {
	let database = 0;
	for (const [pid, s] of after.backends) database += s - (before.backends.get(pid) ?? 0);
	const ms = (s: number) => ((s * 1000) / n).toFixed(2);
	return `CPU per ${n > 1 ? 'item' : 'run'}: PostgreSQL ${ms(database)} ms, server ${ms(after.server - before.server)} ms, load generator ${ms(after.bench - before.bench)} ms`;
}

// 0. The floor on the same database, in the same run: a plain INSERT … RETURNING and a
// ticket-shaped transaction (counter upsert + insert) through `pg`, KIOSKS clients at once, so
// the issue figure below reads as a share of what the database itself allows now.
async function floor(label: string, work: (client: pg.PoolClient, i: number) => Promise<void>) {
	const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
	await pool.query('CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, unit int NOT NULL, number text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
	await pool.query('CREATE TABLE IF NOT EXISTS bench_floor_seq (unit int PRIMARY KEY, last int NOT NULL)');
	const ms: number[] = [];
	let n = 0;
	const cpuBefore = await cpuNow();
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
	console.log(`  ${cpuPer(cpuBefore, await cpuNow(), ms.length)}`);
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

/**
 * The call-next floor, on the same database: COUNTERS callers through a pool the size of Vez's
 * (10 connections), each taking the next of TICKETS waiting rows in strict priority order (weight,
 * then arrival) with the cheapest exactly-once claim PostgreSQL offers — one UPDATE of the first
 * row nobody holds (FOR UPDATE SKIP LOCKED) — and then finishing it, back to back until none is
 * left, as phase 2's counters do. Only the claim is timed.
 */
async function callFloor() {
	const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
	await pool.query(
		"CREATE TABLE bench_floor_queue (id bigserial PRIMARY KEY, unit int NOT NULL, weight int NOT NULL, queued_at timestamptz NOT NULL, status text NOT NULL DEFAULT 'waiting', counter int)"
	);
	await pool.query("CREATE INDEX ON bench_floor_queue (unit, weight DESC, queued_at, id) WHERE status = 'waiting'");
	await pool.query(
		"INSERT INTO bench_floor_queue (unit, weight, queued_at) SELECT 1, CASE WHEN i % 6 = 0 THEN 20 ELSE 0 END, now() + i * interval '1 ms' FROM generate_series(1, $1) i",
		[TICKETS]
	);
	await pool.query('ANALYZE bench_floor_queue');
	const ms: number[] = [];
	const claimed = new Set<string>();
	const t = performance.now();
	await Promise.all(
		Array.from({ length: COUNTERS }, async (_, counter) => {
			for (;;) {
				const start = performance.now();
				const { rows } = await pool.query(
					`UPDATE bench_floor_queue SET status = 'called', counter = $1 WHERE id = (
						SELECT id FROM bench_floor_queue WHERE unit = 1 AND status = 'waiting' ORDER BY weight DESC, queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
					) RETURNING id`,
					[counter]
				);
				ms.push(performance.now() - start);
				if (!rows.length) return;
				claimed.add(rows[0].id);
				await pool.query("UPDATE bench_floor_queue SET status = 'done' WHERE id = $1", [rows[0].id]);
			}
		})
	);
	report(`floor: claim next, ${COUNTERS} callers (pg, SKIP LOCKED)`, ms, performance.now() - t);
	if (claimed.size !== TICKETS) console.log(`  claimed ${claimed.size} distinct of ${TICKETS}`);
	await pool.end();
	return ms;
}

/**
 * With BENCH_WAITS=1, what the bench database's sessions are doing, sampled every 20 ms until
 * stopped: active sessions by wait event (lock waits show as Lock:transactionid / Lock:tuple),
 * idle-in-transaction ones (a transaction waiting on its client: round trips), and lock requests
 * not yet granted.
 */
function sampleWaits() {
	if (process.env.BENCH_WAITS !== '1') return async () => {};
	const client = new pg.Client({ connectionString: url.toString() });
	const counts = new Map<string, number>();
	let samples = 0;
	let stopped = false;
	const loop = (async () => {
		await client.connect();
		while (!stopped) {
			const { rows } = await client.query(
				`SELECT coalesce(state, '?') || ' ' || coalesce(wait_event_type || ':' || wait_event, 'cpu') AS what, count(*)::int AS n
				FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' GROUP BY 1
				UNION ALL SELECT 'lock requests not granted', count(*)::int FROM pg_locks WHERE NOT granted`
			);
			for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + r.n);
			samples++;
			await new Promise((r) => setTimeout(r, 20));
		}
		await client.end();
	})();
	return async () => {
		stopped = true;
		await loop;
		console.log(`  database sessions, mean over ${samples} samples:`);
		for (const [what, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`    ${what.padEnd(40)} ${(n / samples).toFixed(2)}`);
	};
}

// BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
const serverArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const servers = new Map<string, ChildProcess>();

/**
 * Vez's server (BENCH_SERVER_DIR runs another build — a copy of an earlier commit's build/,
 * server.js and realtime-host.js beside this checkout's node_modules — against the same bench:
 * before/after figures), or the bare socket.io relay of bench/socket-relay.js.
 */
async function start(kind: 'vez' | 'relay', databaseUrl: string | null): Promise<string> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
	const child =
		kind === 'vez'
			? spawn(process.execPath, [...serverArgs, 'server.js'], {
					cwd: process.env.BENCH_SERVER_DIR ?? ROOT,
					env: { ...env, VEZ_LOG_LEVEL: 'error', VEZ_JOBS: '0', ...(process.env.PGOPTIONS ? { PGOPTIONS: process.env.PGOPTIONS } : {}) },
					stdio: ['ignore', 'ignore', 'inherit']
				})
			: spawn(process.execPath, [path.join(ROOT, 'bench/socket-relay.js')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
	servers.set(base, child);
	for (let i = 0; ; i++) {
		if (i > 300 || child.exitCode !== null) throw new Error(`${kind} server did not start`);
		if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
		await new Promise((r) => setTimeout(r, 200));
	}
	return base;
}
async function stop(base: string) {
	const child = servers.get(base)!;
	servers.delete(base);
	if (child.exitCode === null) {
		child.kill('SIGTERM');
		await new Promise((r) => child.on('exit', r));
	}
}
const metric = async (base: string, name: string) => Number(new RegExp(`${name} ([0-9.e+-]+)`).exec(await fetch(`${base}/metrics`).then((r) => r.text()))?.[1] ?? NaN);
const rss = (base: string) => metric(base, 'process_resident_memory_bytes');

/** `count` sockets spread over `bases` round-robin, each in `rooms(i)`, connected 50 at a time. */
async function connectSockets(bases: readonly string[], count: number, rooms: (i: number) => string[], auth: Record<string, string> = {}): Promise<Socket[]> {
	const sockets: Socket[] = [];
	for (let from = 0; from < count; from += 50) {
		const batch = await Promise.all(
			Array.from({ length: Math.min(50, count - from) }, async (_, j) => {
				const i = from + j;
				const s = io(bases[i % bases.length], { path: '/socket.io', transports: ['websocket'], auth, forceNew: true, reconnection: false });
				await new Promise<void>((resolve, reject) => {
					s.on('connect', () => resolve());
					s.on('connect_error', reject);
				});
				for (const room of rooms(i)) await s.emitWithAck('subscribe', { room });
				return s;
			})
		);
		sockets.push(...batch);
	}
	return sockets;
}

/**
 * Times `calls` calls from the moment each trigger is sent to the `call` event at every socket
 * (an event may beat the trigger's answer: arrivals are kept by number and matched after);
 * `after` runs between calls (a clerk finishing), outside the timing.
 */
async function timeCalls(sockets: readonly Socket[], calls: number, trigger: (i: number) => Promise<string>, after: (i: number) => Promise<void>) {
	const arrivals = new Map<string, number[]>();
	const listener = (payload: { number: string }) => {
		const at = performance.now();
		const list = arrivals.get(payload.number);
		if (list) list.push(at);
		else arrivals.set(payload.number, [at]);
	};
	for (const s of sockets) s.on('call', listener);
	const sentAt = new Map<string, number>();
	for (let i = 0; i < calls; i++) {
		const start = performance.now();
		sentAt.set(await trigger(i), start);
		await new Promise((r) => setTimeout(r, 50));
		await after(i);
	}
	await new Promise((r) => setTimeout(r, 1000));
	for (const s of sockets) s.off('call', listener);
	const ms: number[] = [];
	for (const [number, start] of sentAt) for (const at of arrivals.get(number) ?? []) ms.push(at - start);
	return { ms, expected: calls * sockets.length };
}
/**
 * Resident memory each 1,000 connected sockets added to freshly started processes (`bases`,
 * sockets spread evenly), a second after the last one joined. Only fresh ones: a process that
 * ran the floods has garbage its collector may return meanwhile.
 */
async function memoryPerThousand(bases: readonly string[], before: readonly number[], count: number) {
	await new Promise((r) => setTimeout(r, 1000));
	const after = await Promise.all(bases.map(rss));
	return (after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)) / (count / 1000);
}
const p99 = (ms: number[]) => pct([...ms].sort((a, b) => a - b), 99);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const closeAll = (sockets: Socket[]) => sockets.forEach((s) => s.close());

/** The relay floor: `count` sockets over `processes` relays (sharing the PostgreSQL adapter when more than one). */
async function relayFloor(processes: number, count: number, calls: number) {
	const bases: string[] = [];
	for (let i = 0; i < processes; i++) bases.push(await start('relay', processes > 1 ? url.toString() : null));
	const before = await Promise.all(bases.map(rss));
	const sockets = await connectSockets(bases, count, () => ['panel:bench']);
	const perThousand = await memoryPerThousand(bases, before, count);
	const { ms, expected } = await timeCalls(
		sockets,
		calls,
		async (i) => {
			await (await fetch(`${bases[0]}/emit/R${i}`, { method: 'POST' })).arrayBuffer();
			return `R${i}`;
		},
		async () => {}
	);
	closeAll(sockets);
	for (const b of bases) await stop(b);
	const where = processes > 1 ? `${count} sockets on ${processes} processes` : `${count} sockets`;
	report(`floor: bare socket.io relay, ${where}`, ms);
	if (ms.length < expected) console.log(`  ${expected - ms.length} of ${expected} events never arrived`);
	return { p99: p99(ms), perThousand };
}

const base = await start('vez', url.toString());
try {
	const post = (p: string, headers: Record<string, string>, body?: unknown, to = base) =>
		fetch(to + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
	// BENCH_IDEMPOTENCY=1 sends an Idempotency-Key with every ticket, as the kiosk screen does.
	const keyed = process.env.BENCH_IDEMPOTENCY === '1';
	const issueOne = async (service: string, priority?: string) => {
		const headers = { authorization: 'Bearer bench-kiosk', ...(keyed ? { 'idempotency-key': randomBytes(12).toString('base64url') } : {}) };
		const res = await post('/api/v1/units/bench/tickets', headers, { service, ...(priority ? { priority } : {}) });
		if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
		return (await res.json()) as { id: string; publicId: string; number: string };
	};

	if (runs(1)) {
		// 1. Issue: KIOSKS concurrent kiosks share TICKETS tickets.
		const issueMs: number[] = [];
		let next = 0;
		const serverPids = [...servers.values()].map((c) => c.pid!);
		const cpuBefore = await cpuNow(serverPids);
		const t0 = performance.now();
		await Promise.all(
			Array.from({ length: KIOSKS }, async () => {
				while (next < TICKETS) {
					const i = next++;
					const start = performance.now();
					await issueOne(codes[i % 3], i % 6 === 0 ? 'idoso' : undefined);
					issueMs.push(performance.now() - start);
				}
			})
		);
		const issueRate = (issueMs.length / (performance.now() - t0)) * 1000;
		report(`issue, ${KIOSKS} concurrent kiosks${keyed ? ', keyed' : ''}`, issueMs, performance.now() - t0);
		console.log(`  = ${((issueRate / shapedRate) * 100).toFixed(1)} % of the ticket-shaped transaction, ${((issueRate / plainRate) * 100).toFixed(2)} % of the plain insert`);
		console.log(`  ${cpuPer(cpuBefore, await cpuNow(serverPids), issueMs.length)}`);
	}

	// Clerks sign in and open their counters on all three services.
	// In tens: sign-ins are counted as failures until the password checks out, and more than 30
	// at once from one address are refused as guessing.
	const cookies: string[] = [];
	if (runs(2, 3, 4, 5)) {
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
	}

	if (runs(2)) {
		// 2. COUNTERS counters call next concurrently until the queue is empty (phase 1 fills it); the floor first.
		const floorMs = await callFloor();
		const callMs: number[] = [];
		const stopSampling = sampleWaits();
		const cpuBeforeCalls = await metric(base, 'process_cpu_seconds_total');
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
		// CPU, unlike latency, barely moves with what else the machine runs.
		const cpuCalls = (await metric(base, 'process_cpu_seconds_total')) - cpuBeforeCalls;
		console.log(`  server CPU ${((cpuCalls * 1000) / callMs.length).toFixed(1)} ms per call (with the finish that follows it)`);
		await stopSampling();
		const sorted = (ms: number[]) => [...ms].sort((x, y) => x - y);
		console.log(`  p50 = ${(pct(sorted(callMs), 50) / pct(sorted(floorMs), 50)).toFixed(1)} ×, p99 = ${(p99(callMs) / p99(floorMs)).toFixed(1)} × the floor's`);

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
							await issueOne(codes[i % 3], i % 6 === 0 ? 'idoso' : undefined);
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
	}
	if (runs(2, 3, 4, 5)) {
		// The steady day leaves tickets waiting; the phases below time calls on a queue they fill themselves.
		for (const [i, id] of counterIds.entries()) {
			for (;;) {
				const res = await post(`/api/v1/counters/${id}/call-next`, { cookie: cookies[i] });
				if (res.status === 204) break;
				const called = (await res.json()) as { id: string };
				await (await post(`/api/v1/tickets/${called.id}/finish`, { cookie: cookies[i] }, { outcome: 'resolved' })).arrayBuffer();
			}
			if (i === 0) continue;
			await (await post(`/api/v1/counters/${id}/close`, { cookie: cookies[i] })).arrayBuffer();
		}
	}

	/** One counter calls `calls` tickets, one at a time, each finished 50 ms after its call. */
	let lastCalled = '';
	const callThrough = (sockets: readonly Socket[], calls: number) =>
		timeCalls(
			sockets,
			calls,
			async () => {
				const res = await post(`/api/v1/counters/${counterIds[0]}/call-next`, { cookie: cookies[0] });
				if (res.status !== 200) throw new Error(`call-next failed: ${res.status} ${await res.text()}`);
				const called = (await res.json()) as { id: string; number: string };
				lastCalled = called.id;
				return called.number;
			},
			async () => void (await (await post(`/api/v1/tickets/${lastCalled}/finish`, { cookie: cookies[0] }, { outcome: 'resolved' })).arrayBuffer())
		);

	const CALLS = Number(process.env.BENCH_CALLS ?? 100);
	if (runs(3)) {
		// 3. SOCKETS panel sockets on one process; one counter calls CALLS tickets, one at a time, and
		// every socket's arrival is timed from the moment the HTTP request was sent. The same against
		// the bare relay first: the floor.
		const relay1 = await relayFloor(1, SOCKETS, CALLS);
		for (let i = 0; i < CALLS; i++) await issueOne(codes[0]);
		const panels = await connectSockets([base], SOCKETS, () => ['panel:bench'], { token: 'bench-panel' });
		const one = await callThrough(panels, CALLS);
		closeAll(panels);
		report(`call request → 'call' event at ${SOCKETS} sockets`, one.ms);
		if (one.ms.length < one.expected) console.log(`  ${one.expected - one.ms.length} of ${one.expected} events never arrived`);
		console.log(`  p99 = ${(p99(one.ms) / relay1.p99).toFixed(1)} × the bare relay's`);
	}

	if (runs(4)) {
		// 4. Three processes on the one database, SOCKETS_3P panel sockets spread over them, calls made
		// through the first: socket.io's PostgreSQL adapter carries each call to the other two. Beside
		// the bare relay on three processes sharing the same adapter. And what each 1,000 connected
		// sockets cost in memory, on the two processes started for this phase.
		const SOCKETS_3P = Number(process.env.BENCH_SOCKETS_3P ?? 3000);
		const relay3 = await relayFloor(3, SOCKETS_3P, CALLS);
		const fresh = [await start('vez', url.toString()), await start('vez', url.toString())];
		const trio = [base, ...fresh];
		for (let i = 0; i < CALLS; i++) await issueOne(codes[0]);
		const freshBefore = await Promise.all(fresh.map(rss));
		const spread = await connectSockets(trio, SOCKETS_3P, () => ['panel:bench'], { token: 'bench-panel' });
		const vezPerThousand = await memoryPerThousand(fresh, freshBefore, (SOCKETS_3P * 2) / 3);
		const three = await callThrough(spread, CALLS);
		closeAll(spread);
		for (const b of trio.slice(1)) await stop(b);
		report(`call request → 'call' event, ${SOCKETS_3P} sockets on 3 processes`, three.ms);
		if (three.ms.length < three.expected) console.log(`  ${three.expected - three.ms.length} of ${three.expected} events never arrived`);
		console.log(`  p99 = ${(p99(three.ms) / relay3.p99).toFixed(1)} × the bare relay's on 3 processes`);
		console.log(
			`server memory per 1,000 connected panel sockets: ${mib(vezPerThousand)} (bare relay: ${mib(relay3.perThousand)}, ${(vezPerThousand / relay3.perThousand).toFixed(1)} ×)`
		);
	}

	if (runs(5)) {
		// 5. Waiting phones: PHONES tickets wait, each followed by a phone in its ticket's room and the
		// unit's line; one counter calls PHONE_CALLS of them (every call moves every place). Server
		// CPU per call, what the phones received, and the panel's call → event meanwhile.
		const PHONES = Number(process.env.BENCH_PHONES ?? 1000);
		const PHONE_CALLS = Number(process.env.BENCH_PHONE_CALLS ?? 50);
		const waiting: { publicId: string }[] = [];
		for (let i = 0; i < PHONES; i++) waiting.push(await issueOne(codes[0]));
		// Rooms the server does not know (a build before the line) are refused; the phone keeps the rest.
		const phones = await connectSockets([base], PHONES, (i) => [`ticket:${waiting[i].publicId}`, 'line:bench']);
		const panel = await connectSockets([base], 1, () => ['panel:bench'], { token: 'bench-panel' });
		let messages = 0;
		let bytes = 0;
		for (const s of phones) {
			s.onAny((event: string, payload: unknown) => {
				if (event === 'call') return;
				messages += 1;
				bytes += JSON.stringify(payload).length;
			});
		}
		await new Promise((r) => setTimeout(r, 4000));
		messages = 0;
		bytes = 0;
		const cpuBefore = await metric(base, 'process_cpu_seconds_total');
		const phoneRun = await callThrough(panel, PHONE_CALLS);
		// The places' beat follows the calls by up to 3 s.
		await new Promise((r) => setTimeout(r, 4000));
		const cpu = (await metric(base, 'process_cpu_seconds_total')) - cpuBefore;
		closeAll([...phones, ...panel]);
		report(`call request → panel 'call', ${PHONES} phones waiting`, phoneRun.ms);
		console.log(
			`  server CPU ${((cpu * 1000) / PHONE_CALLS).toFixed(1)} ms per call; the phones received ${messages} place messages (${(bytes / 2 ** 20).toFixed(2)} MiB of JSON), ${(messages / PHONE_CALLS).toFixed(0)} per call`
		);
	}

	// 6. What a long queue costs an issue: one kiosk issues LINE_SAMPLES tickets one at a time into
	// an empty unit, then as many into a unit with LINE_WAITING waiting, then into the empty one
	// again (drift shows as a gap between the two empty runs). Each ticket is cancelled straight
	// in the database after its answer, outside the timing, so the queues keep their lengths.
	if (runs(6)) {
		const LINE_WAITING = Number(process.env.BENCH_LINE_WAITING ?? 2000);
		const LINE_SAMPLES = Number(process.env.BENCH_LINE_SAMPLES ?? 200);
		const issueAt = async (slug: string, i: number) => {
			const res = await post(`/api/v1/units/${slug}/tickets`, { authorization: `Bearer ${slug}-kiosk` }, { service: codes[i % 3], ...(i % 6 === 0 ? { priority: 'idoso' } : {}) });
			if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
			return ((await res.json()) as { id: string }).id;
		};
		let filled = 0;
		await Promise.all(
			Array.from({ length: KIOSKS }, async () => {
				while (filled < LINE_WAITING) await issueAt(lineUnits.full, filled++);
			})
		);
		const direct = new pg.Client({ connectionString: url.toString() });
		await direct.connect();
		const sample = async (slug: string) => {
			await new Promise((r) => setTimeout(r, 4000));
			const ms: number[] = [];
			for (let i = 0; i < LINE_SAMPLES; i++) {
				const start = performance.now();
				const id = await issueAt(slug, i);
				ms.push(performance.now() - start);
				await direct.query(`update tickets set status = 'cancelled' where id = $1`, [id]);
			}
			return ms;
		};
		const empty1 = await sample(lineUnits.empty);
		const full = await sample(lineUnits.full);
		const empty2 = await sample(lineUnits.empty);
		await direct.end();
		const p50 = (ms: number[]) => pct([...ms].sort((a, b) => a - b), 50);
		report('issue, one kiosk, empty queue', empty1);
		report(`issue, one kiosk, ${LINE_WAITING} waiting`, full);
		report('issue, one kiosk, empty queue again', empty2);
		console.log(`  p50 with ${LINE_WAITING} waiting = ${(p50(full) / p50([...empty1, ...empty2])).toFixed(2)} × an empty queue's`);
	}

	const mem = await rss(base);
	console.log(`server resident memory after the run: ${mib(mem)}`);
} finally {
	for (const b of [...servers.keys()]) await stop(b);
	await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
	await admin.end();
}
