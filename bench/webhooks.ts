// npx tsx bench/webhooks.ts — from a ticket's call (the call-next request) to its `ticket.called`
// webhook arriving, signed, at a receiver on loopback: the built server (`npm run build` first) on
// a throwaway PostgreSQL database, jobs on, BENCH_CALLS calls one after another (default 200).
// BENCH_DATABASE_URL as for bench:queue. Prints figures; asserts nothing.
import http from 'node:http';
import type net from 'node:net';
import { Webhook } from 'standardwebhooks';
import { migrate, openPostgres } from '../src/lib/server/db/database';
import { hashPassword, sha256 } from '../src/lib/auth/secrets.server';
import { startServer, throwawayDatabase } from '../tests/server-process';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

const database = await throwawayDatabase(ADMIN_URL, 'vez_bench_webhooks');
const handle = openPostgres(database.url, 2);
await migrate(handle.db);
const db = handle.db;
const unit = await db.insertInto('units').values({ slug: 'bench', name: 'Bench', opening_hours: '{}', settings: JSON.stringify({ issueOutsideHours: true, kioskIssuesPerMinute: 600 }) }).returning('id').executeTakeFirstOrThrow();
const organ = await db.insertInto('organs').values({ code: 'bench', name: 'Bench', acronym: 'B' }).returning('id').executeTakeFirstOrThrow();
const service = await db
	.insertInto('services')
	.values({ code: 'bench-a', name: 'A', organ_id: organ.id, theme: 't', subject: 's', documents: '[]', steps: '[]', channels: '[]', deadline_amount: null, deadline_unit: null })
	.returning('id')
	.executeTakeFirstOrThrow();
await db.insertInto('unit_services').values({ unit_id: unit.id, service_id: service.id, prefix: 'A' }).execute();
const counter = await db.insertInto('counters').values({ unit_id: unit.id, number: 1, name: 'Guichê 1' }).returning('id').executeTakeFirstOrThrow();
const clerk = await db.insertInto('users').values({ username: 'clerk1', name: 'Clerk', password_hash: await hashPassword('bench-password'), role: 'clerk', organ_id: null }).returning('id').executeTakeFirstOrThrow();
await db.insertInto('user_units').values({ user_id: clerk.id, unit_id: unit.id }).execute();
await db.insertInto('api_tokens').values({ name: 'kiosk', kind: 'kiosk', unit_id: unit.id, token_hash: sha256('bench-kiosk'), created_by: null }).execute();
await handle.close();

// The receiver: records when each ticket's call arrives, after checking its signature.
let secret = '';
const arrived = new Map<string, number>();
let unverified = 0;
const waiters = new Map<string, () => void>();
const receiver = http.createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => {
		const at = performance.now();
		const body = Buffer.concat(chunks).toString('utf8');
		try {
			new Webhook(secret).verify(body, { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) });
		} catch {
			unverified += 1;
		}
		const { data } = JSON.parse(body) as { data: { ticketId: string } };
		arrived.set(data.ticketId, at);
		waiters.get(data.ticketId)?.();
		res.writeHead(204).end();
	});
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hookUrl = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;

const server = await startServer({
	DATABASE_URL: database.url,
	VEZ_LOG_LEVEL: 'error',
	VEZ_ADMIN_PASSWORD: 'bench-admin-password',
	VEZ_SECRET_KEY: 'bench-secret-key',
	VEZ_WEBHOOKS_ALLOW_PRIVATE: '1'
});
const base = server.url;
try {
	const post = (p: string, headers: Record<string, string>, body?: unknown) =>
		fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
	const login = async (username: string, password: string) => (await post('/api/v1/auth/login', {}, { username, password })).headers.get('set-cookie')!.split(';')[0];
	const adminCookie = await login('admin', 'bench-admin-password');
	const answer = await post('/api/v1/webhooks', { cookie: adminCookie }, { url: hookUrl, events: ['ticket.called'] });
	if (answer.status !== 201) throw new Error(`webhook not created: ${answer.status} ${await answer.text()}`);
	const created = (await answer.json()) as { secret: string };
	secret = created.secret;
	const cookie = await login('clerk1', 'bench-password');
	await (await post(`/api/v1/counters/${counter.id}/open`, { cookie }, { services: ['bench-a'] })).arrayBuffer();

	const ms: number[] = [];
	for (let i = 0; i < CALLS; i++) {
		const issued = await post('/api/v1/units/bench/tickets', { authorization: 'Bearer bench-kiosk' }, { service: 'bench-a' });
		if (issued.status !== 201) throw new Error(`issue failed: ${issued.status} ${await issued.text()}`);
		const start = performance.now();
		const res = await post(`/api/v1/counters/${counter.id}/call-next`, { cookie });
		const called = (await res.json()) as { id: string };
		if (!arrived.has(called.id)) await new Promise<void>((resolve) => waiters.set(called.id, resolve));
		ms.push(arrived.get(called.id)! - start);
		await (await post(`/api/v1/tickets/${called.id}/finish`, { cookie }, { outcome: 'resolved' })).arrayBuffer();
	}
	const s = [...ms].sort((a, b) => a - b);
	console.log(`call → ticket.called webhook at the receiver   n=${s.length}  p50 ${pct(s, 50).toFixed(1)} ms  p99 ${pct(s, 99).toFixed(1)} ms  max ${s.at(-1)!.toFixed(1)} ms  (unverified: ${unverified})`);
} finally {
	await server.stop();
	receiver.close();
	await database.drop();
}
