// The database goes away in the middle of a drain and comes back: two real server processes
// reach the shared PostgreSQL through a TCP proxy this test cuts (the server itself is never
// stopped). Nothing may be lost or doubled, and neither process may die.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, throwawayDatabase, type RunningServer, type ThrowawayDatabase } from '../../server-process';
import { addressOf, startTcpProxy, type TcpProxy } from '../../tcp-proxy';

const SERVICE = 'iptu-segunda-via';
// Under the kiosk's 30 tickets a minute, with the two issued after the outage.
const TICKETS = 27;
const CLERKS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Session {
	base: string;
	cookie: string;
}

async function signIn(base: string, username: string, password: string): Promise<Session> {
	const res = await fetch(`${base}/api/v1/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	expect(res.status).toBe(200);
	return { base, cookie: res.headers.get('set-cookie')!.split(';')[0] };
}

function post(s: Session, path: string, body?: unknown) {
	return fetch(`${s.base}${path}`, { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
}

async function panelSocket(base: string): Promise<{ socket: Socket; calls: string[]; states: boolean[] }> {
	const socket = connect(base, { path: '/socket.io', transports: ['websocket'], auth: { token: 'demo-panel-centro' } });
	const calls: string[] = [];
	const states: boolean[] = [];
	socket.on('call', (c: { number: string }) => calls.push(c.number));
	socket.on('server', (s: { ready: boolean }) => states.push(s.ready));
	await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
	expect(await socket.timeout(5000).emitWithAck('subscribe', { room: 'panel:centro' })).toEqual({ ok: true });
	return { socket, calls, states };
}

async function readiness(base: string): Promise<number> {
	return (await fetch(`${base}/readyz`)).status;
}

async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(100);
	}
}

const admin = inject('postgresUrl');
if (admin) {
	describe('a database outage in the middle of a drain by several counters', () => {
		let db: ThrowawayDatabase;
		let proxy: TcpProxy;
		let a: RunningServer;
		let b: RunningServer;

		beforeAll(async () => {
			db = await throwawayDatabase(admin, 'vez_outage');
			proxy = await startTcpProxy(addressOf(admin));
			const env = { DATABASE_URL: proxy.via(db.url), VEZ_DEMO: '1', VEZ_ADMIN_PASSWORD: 'outage-admin-password', VEZ_DB_CONNECT_TIMEOUT_MS: '2000' };
			a = await startServer(env);
			b = await startServer(env);
		});
		afterAll(async () => {
			await a?.stop('SIGKILL');
			await b?.stop('SIGKILL');
			await proxy?.close();
			await db?.drop();
		});

		it('keeps both processes up, answers 503 meanwhile, and calls every ticket exactly once', { timeout: 180_000 }, async () => {
			const root = await signIn(a.url, 'admin', 'outage-admin-password');
			const clerks: Session[] = [];
			for (let i = 0; i < CLERKS; i++) {
				const username = `drain${i}`;
				const made = await post(root, '/api/v1/users', { username, name: `Drain ${i}`, password: 'drain-password', role: 'clerk', units: ['centro'] });
				expect(made.status).toBe(201);
				clerks.push(await signIn(i % 2 ? b.url : a.url, username, 'drain-password'));
			}
			const counters = (await (await fetch(`${a.url}/api/v1/units/centro/counters`, { headers: { cookie: root.cookie } })).json()) as { id: string }[];
			const counterOf = new Map<Session, string>();
			for (const [i, clerk] of clerks.entries()) {
				expect((await post(clerk, `/api/v1/counters/${counters[i].id}/open`, { services: [SERVICE] })).status).toBe(200);
				counterOf.set(clerk, counters[i].id);
			}
			const issued: { number: string; publicId: string }[] = [];
			for (let i = 0; i < TICKETS; i++) {
				const res = await fetch(`${i % 2 ? b.url : a.url}/api/v1/units/centro/tickets`, {
					method: 'POST',
					headers: { authorization: 'Bearer demo-kiosk-centro', 'content-type': 'application/json' },
					body: JSON.stringify({ service: SERVICE })
				});
				expect(res.status).toBe(201);
				issued.push(await res.json());
			}
			const panelA = await panelSocket(a.url);
			const panelB = await panelSocket(b.url);

			// Each counter calls and finishes until nothing waits, retrying whatever the outage
			// refused, as the console does. An answer lost after its commit shows up on retry
			// as the counter already holding a ticket (or the ticket already finished).
			const called: string[] = [];
			const unavailable: string[] = [];
			const drain = async (clerk: Session) => {
				const counter = counterOf.get(clerk)!;
				const retrying = async (path: string, body?: unknown): Promise<Response> => {
					for (;;) {
						const res = await post(clerk, path, body);
						if (res.status !== 503) return res;
						unavailable.push((await res.json()).error.code);
						await sleep(150);
					}
				};
				for (;;) {
					const res = await retrying(`/api/v1/counters/${counter}/call-next`);
					if (res.status === 204) return;
					let ticket: { id: string; number: string };
					if (res.status === 409) {
						const held = (await (await fetch(`${clerk.base}/api/v1/units/centro/counters`, { headers: { cookie: clerk.cookie } })).json()) as {
							id: string;
							ticket: { id: string; number: string } | null;
						}[];
						const mine = held.find((c) => c.id === counter)?.ticket;
						expect(mine, 'a 409 on call-next means the counter already holds the ticket of a lost answer').toBeTruthy();
						ticket = mine!;
					} else {
						expect(res.status).toBe(200);
						ticket = await res.json();
					}
					called.push(ticket.number);
					const done = await retrying(`/api/v1/tickets/${ticket.id}/finish`, { outcome: 'resolved' });
					expect([200, 409]).toContain(done.status);
				}
			};
			const drains = Promise.all(clerks.map(drain));

			await until('a third of the queue to be called', async () => called.length >= TICKETS / 3);
			proxy.cut();
			await until('both processes to report not ready', async () => (await readiness(a.url)) === 503 && (await readiness(b.url)) === 503);
			expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
			expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
			const refused = await fetch(`${b.url}/api/v1/units/centro/queue`, { headers: { cookie: clerks[1].cookie } });
			expect(refused.status).toBe(503);
			expect((await refused.json()).error.code).toBe('unavailable');
			await until('the counters to meet the outage', async () => unavailable.length >= CLERKS);
			await sleep(2000);
			proxy.restore();
			await until('both processes to be ready again', async () => (await readiness(a.url)) === 200 && (await readiness(b.url)) === 200);
			await drains;

			expect(a.process.exitCode).toBeNull();
			expect(b.process.exitCode).toBeNull();
			expect(new Set(unavailable)).toEqual(new Set(['unavailable']));
			expect([...called].sort()).toEqual(issued.map((t) => t.number).sort());
			for (const t of issued) expect((await (await fetch(`${a.url}/api/v1/tickets/${t.publicId}`)).json()).status).toBe('done');
			// Both panels were told to wait, then to fetch a fresh snapshot.
			for (const panel of [panelA, panelB]) {
				expect(panel.states).toContain(false);
				expect(panel.states.at(-1)).toBe(true);
			}

			// The adapter delivers across processes again: a call through A reaches B's panel and back.
			for (const [through, hears] of [
				[clerks[0], panelB],
				[clerks[1], panelA]
			] as const) {
				const ticket = await (
					await fetch(`${through.base}/api/v1/units/centro/tickets`, {
						method: 'POST',
						headers: { authorization: 'Bearer demo-kiosk-centro', 'content-type': 'application/json' },
						body: JSON.stringify({ service: SERVICE })
					})
				).json();
				const counter = counterOf.get(through)!;
				const res = await post(through, `/api/v1/counters/${counter}/call-next`);
				expect((await res.json()).number).toBe(ticket.number);
				await until(`${ticket.number} on the other process's panel`, async () => hears.calls.includes(ticket.number), 10_000);
				const id = (await (await fetch(`${through.base}/api/v1/units/centro/counters`, { headers: { cookie: through.cookie } })).json()).find(
					(c: { id: string }) => c.id === counter
				).ticket.id;
				expect((await post(through, `/api/v1/tickets/${id}/finish`, { outcome: 'resolved' })).status).toBe(200);
			}
			panelA.socket.close();
			panelB.socket.close();
		});
	});
}
