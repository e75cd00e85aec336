import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { placeInLine, type LinePayload } from '$lib/queue/line';
import { serverTargets, startServer, type RunningServer } from './server';

const ADMIN_PASSWORD = 'api-test-admin-password';

const targets = await serverTargets();

for (const target of targets) {
	describe(`HTTP API on ${target.name}`, () => {
		let server: RunningServer;
		let cleanup: () => Promise<void>;
		const call = (path: string, init: RequestInit & { json?: unknown; token?: string; cookie?: string } = {}) => {
			const headers = new Headers(init.headers);
			if (init.json !== undefined) headers.set('content-type', 'application/json');
			if (init.token) headers.set('authorization', `Bearer ${init.token}`);
			if (init.cookie) headers.set('cookie', init.cookie);
			return fetch(`${server.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
		};
		const login = async (username: string, password = 'vez-demo') => {
			const res = await call('/api/v1/auth/login', { method: 'POST', json: { username, password } });
			expect(res.status).toBe(200);
			return res.headers.get('set-cookie')!.split(';')[0];
		};

		beforeAll(async () => {
			const t = await target.env();
			cleanup = t.cleanup;
			server = await startServer({ ...t.env, VEZ_ADMIN_PASSWORD: ADMIN_PASSWORD });
		});
		afterAll(async () => {
			await server?.stop();
			await cleanup?.();
		});

		it('answers health, readiness and Prometheus metrics', async () => {
			expect((await call('/healthz')).status).toBe(200);
			expect(await (await call('/readyz')).json()).toEqual({ status: 'ready', engine: target.name, database: 'up', realtime: 'up' });
			const metrics = await (await call('/metrics')).text();
			expect(metrics).toContain('http_request_duration_seconds');
			// The durable jobs' backlog, read from the tables at scrape time.
			expect(metrics).toMatch(/^vez_jobs_pending\{kind="print"\} \d+$/m);
			expect(metrics).toMatch(/^vez_jobs_failed\{kind="mail"\} \d+$/m);
			expect((await call('/healthz')).headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
		});

		it('signs in with a session cookie that is httpOnly and SameSite=Lax', async () => {
			const res = await call('/api/v1/auth/login', { method: 'POST', json: { username: 'admin', password: ADMIN_PASSWORD } });
			expect(res.status).toBe(200);
			expect((await res.json()).user).toMatchObject({ username: 'admin', role: 'admin' });
			const cookie = res.headers.get('set-cookie')!;
			expect(cookie).toMatch(/HttpOnly/i);
			expect(cookie).toMatch(/SameSite=Lax/i);
			const me = await call('/api/v1/me', { cookie: cookie.split(';')[0] });
			expect((await me.json()).username).toBe('admin');
		});

		const badLogins: [string, RequestInit & { json?: unknown }, number, string][] = [
			['missing fields', { json: {} }, 400, 'invalid_input'],
			['wrong types', { json: { username: ['admin'], password: { $ne: null } } }, 400, 'invalid_input'],
			['malformed JSON', { body: '{"username": "admin",', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
			['a JSON array', { json: [1, 2, 3] }, 400, 'invalid_input'],
			['SQL-looking strings', { json: { username: "admin' OR '1'='1", password: "' OR 1=1; DROP TABLE users; --" } }, 401, 'invalid_credentials'],
			['a huge body', { json: { username: 'admin', password: 'x'.repeat(2_000_000) } }, 413, 'payload_too_large']
		];
		for (const [what, init, status, code] of badLogins) {
			it(`refuses a login with ${what} with ${status} ${code}`, async () => {
				const res = await call('/api/v1/auth/login', { method: 'POST', ...init });
				expect(res.status).toBe(status);
				const body = await res.json();
				expect(body.error.code).toBe(code);
				expect(typeof body.error.message).toBe('string');
				expect(JSON.stringify(body)).not.toMatch(/at .*\.js|stack/i);
			});
		}

		it('still signs the admin in after the SQL-looking attempts (nothing was dropped)', async () => {
			expect(await login('admin', ADMIN_PASSWORD)).toMatch(/^vez_session=/);
		});

		it('guards the token endpoints and validates their input', async () => {
			expect((await call('/api/v1/tokens', { method: 'POST', json: { kind: 'kiosk', unit: 'centro', name: 'x' } })).status).toBe(401);
			const clerk = await login('atendente');
			const refused = await call('/api/v1/tokens', { method: 'POST', cookie: clerk, json: { kind: 'kiosk', unit: 'centro', name: 'x' } });
			expect(refused.status).toBe(403);
			expect((await refused.json()).error.code).toBe('forbidden');
			const admin = await login('admin', ADMIN_PASSWORD);
			const bad = await call('/api/v1/tokens', { method: 'POST', cookie: admin, json: { kind: 'toaster', name: 7 } });
			expect(bad.status).toBe(400);
			expect(Object.keys((await bad.json()).error.fields)).toEqual(expect.arrayContaining(['kind', 'name']));
			const noUnit = await call('/api/v1/tokens', { method: 'POST', cookie: admin, json: { kind: 'panel', name: 'TV' } });
			expect((await noUnit.json()).error.fields.unit).toBeDefined();
			expect((await call('/api/v1/tokens/00000000-0000-4000-8000-000000000000', { method: 'DELETE', cookie: admin })).status).toBe(404);
			const created = await call('/api/v1/tokens', { method: 'POST', cookie: admin, json: { kind: 'kiosk', unit: 'lagoa', name: 'Totem 2' } });
			expect(created.status).toBe(201);
			const { id, token } = await created.json();
			expect((await call('/api/v1/me', { token })).status).toBe(200);
			expect((await call(`/api/v1/tokens/${id}`, { method: 'DELETE', cookie: admin })).status).toBe(204);
			expect((await call('/api/v1/me', { token })).status).toBe(401);
		});

		it('answers unknown API paths in the error shape', async () => {
			const res = await call('/api/v1/nothing-here');
			expect(res.status).toBe(404);
			expect((await res.json()).error.code).toBe('not_found');
		});

		it('lists units, services with estimates and priorities publicly, and serves the OpenAPI document', async () => {
			const units = await (await call('/api/v1/units')).json();
			expect(units.map((u: { slug: string }) => u.slug)).toEqual(expect.arrayContaining(['centro', 'lagoa', 'ingleses', 'canasvieiras', 'continente', 'rio-tavares']));
			const services = await (await call('/api/v1/units/ingleses/services')).json();
			expect(services[0]).toEqual(expect.objectContaining({ code: expect.any(String), prefix: expect.any(String), waiting: 0, allowsPriority: expect.any(Boolean) }));
			expect((await call('/api/v1/units/atlantis/services')).status).toBe(404);
			const priorities = await (await call('/api/v1/priorities')).json();
			expect(priorities.find((p: { code: string }) => p.code === 'normal').weight).toBe(0);
			const doc = await (await call('/api/v1/openapi.json')).json();
			expect(doc.openapi).toBe('3.1.0');
			expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/units/{unit}/tickets', '/counters/{id}/call-next']));
		});

		it('issues a ticket at a kiosk, calls it at a counter and pushes the call to the panel and the phone over socket.io', async () => {
			const kiosk = 'demo-kiosk-canasvieiras';
			const services = await (await call('/api/v1/units/canasvieiras/services')).json();
			const service = services[0].code;
			const wrongUnit = await call('/api/v1/units/centro/tickets', { method: 'POST', token: kiosk, json: { service } });
			expect(wrongUnit.status).toBe(403);
			const panelToken = await call('/api/v1/units/canasvieiras/tickets', { method: 'POST', token: 'demo-panel-canasvieiras', json: { service } });
			expect(panelToken.status).toBe(403);
			const res = await call('/api/v1/units/canasvieiras/tickets', { method: 'POST', token: kiosk, json: { service } });
			expect(res.status).toBe(201);
			const ticket = await res.json();
			expect(ticket.number).toMatch(/^[A-Z]{1,3}001$/);

			const sockets: Socket[] = [];
			const listen = async (room: string, event: string, auth: Record<string, string> = {}) => {
				const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], auth });
				sockets.push(socket);
				await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
				const ack = await socket.timeout(5000).emitWithAck('subscribe', { room });
				expect(ack).toEqual({ ok: true });
				// Wrapped: an async function returning a bare promise would wait for the event itself.
				return { next: new Promise<Record<string, unknown>>((resolve) => socket.on(event, resolve)) };
			};
			try {
				const panelCall = await listen('panel:canasvieiras', 'call', { token: 'demo-panel-canasvieiras' });
				const phoneCall = await listen(`ticket:${ticket.publicId}`, 'call');
				const refused = connect(server.url, { path: '/socket.io', transports: ['websocket'] });
				sockets.push(refused);
				await new Promise<void>((resolve) => refused.on('connect', () => resolve()));
				expect(await refused.timeout(5000).emitWithAck('subscribe', { room: 'queue:canasvieiras' })).toEqual({ ok: false, error: 'forbidden' });

				const clerk = await login('atendente.canasvieiras');
				const counters = await (await call('/api/v1/units/canasvieiras/counters', { cookie: clerk })).json();
				const counterId = counters[0].id;
				expect((await call(`/api/v1/counters/${counterId}/open`, { method: 'POST', cookie: clerk, json: { services: [service] } })).status).toBe(200);
				const finishEarly = await call(`/api/v1/tickets/${ticket.id}/finish`, { method: 'POST', cookie: clerk, json: { outcome: 'resolved' } });
				expect(finishEarly.status).toBe(409);
				expect((await finishEarly.json()).error.code).toBe('invalid_transition');
				const called = await call(`/api/v1/counters/${counterId}/call-next`, { method: 'POST', cookie: clerk });
				expect(called.status).toBe(200);
				expect((await called.json()).number).toBe(ticket.number);
				const expected = { number: ticket.number, counter: counters[0].number, counterName: counters[0].name, recall: false };
				expect(await panelCall.next).toMatchObject(expected);
				expect(await phoneCall.next).toMatchObject(expected);
				expect((await call(`/api/v1/counters/${counterId}/call-next`, { method: 'POST', cookie: clerk })).status).toBe(409);
				await call(`/api/v1/tickets/${ticket.id}/finish`, { method: 'POST', cookie: clerk, json: { outcome: 'resolved' } });
				expect((await call(`/api/v1/counters/${counterId}/call-next`, { method: 'POST', cookie: clerk })).status).toBe(204);
				const view = await (await call(`/api/v1/tickets/${ticket.publicId}`)).json();
				expect(view).toMatchObject({ number: ticket.number, status: 'done' });
				const calls = await (await call('/api/v1/units/canasvieiras/calls?limit=5')).json();
				expect(calls[0]).toMatchObject({ number: ticket.number, recall: false });
				expect((await call('/api/v1/units/canasvieiras/calls?limit=5000')).status).toBe(400);
			} finally {
				for (const s of sockets) s.close();
			}
		});

		it("tells waiting phones their new place in one `line` message for the unit, from which each page reads its own", async () => {
			const kiosk = 'demo-kiosk-rio-tavares';
			const service = (await (await call('/api/v1/units/rio-tavares/services')).json())[0].code as string;
			const issue = async () => (await call('/api/v1/units/rio-tavares/tickets', { method: 'POST', token: kiosk, json: { service } })).json();
			const first = await issue();
			const second = await issue();
			const third = await issue();

			const phone = connect(server.url, { path: '/socket.io', transports: ['websocket'] });
			try {
				await new Promise<void>((resolve) => phone.on('connect', () => resolve()));
				expect(await phone.timeout(5000).emitWithAck('subscribe', { room: 'line:rio-tavares' })).toEqual({ ok: true });
				expect(await phone.timeout(5000).emitWithAck('subscribe', { room: 'line:no such unit!' })).toEqual({ ok: false, error: 'invalid_room' });
				const lines: LinePayload[] = [];
				phone.on('line', (line: LinePayload) => lines.push(line));
				const seen = (number: string, position: number) =>
					expect.poll(() => lines.some((line) => placeInLine(line, { unit: 'rio-tavares', service, number })?.position === position), { timeout: 15_000 }).toBe(true);

				const clerk = await login('atendente.rio-tavares');
				const counters = await (await call('/api/v1/units/rio-tavares/counters', { cookie: clerk })).json();
				expect((await call(`/api/v1/counters/${counters[0].id}/open`, { method: 'POST', cookie: clerk, json: { services: [service] } })).status).toBe(200);
				const called = await (await call(`/api/v1/counters/${counters[0].id}/call-next`, { method: 'POST', cookie: clerk })).json();
				expect(called.number).toBe(first.number);
				// The two still waiting moved up: each page finds its number and the people ahead of it.
				await seen(second.number, 0);
				await seen(third.number, 1);
				const line = lines.at(-1)!;
				expect(placeInLine(line, { unit: 'rio-tavares', service, number: first.number })).toBeNull();
				// The place read from the line is the one the ticket's own view gives. The view is forecast a
				// moment after the line was projected — the ticket at the counter has been served a little
				// longer — so its minutes may differ by a minute or two, never by more.
				const view = await (await call(`/api/v1/tickets/${third.publicId}`)).json();
				const place = placeInLine(line, { unit: 'rio-tavares', service, number: third.number })!;
				expect(place.position).toBe(view.position);
				for (const [fromLine, fromView] of [
					[place.estimatedWaitMinutes, view.estimatedWaitMinutes],
					[place.estimatedWait.low, view.estimatedWait.low],
					[place.estimatedWait.high, view.estimatedWait.high]
				]) expect(Math.abs(fromLine - fromView)).toBeLessThanOrEqual(2);
				// Nothing about a person travels in the public room: numbers and minutes only.
				expect(JSON.stringify(line)).not.toMatch(new RegExp(`${first.publicId}|${second.publicId}|${third.publicId}|${first.id}`));

				await call(`/api/v1/tickets/${called.id}/finish`, { method: 'POST', cookie: clerk, json: { outcome: 'resolved' } });
				for (const t of [second, third]) expect((await call(`/api/v1/tickets/${t.id}/cancel`, { method: 'POST', cookie: clerk })).status).toBe(200);
				await call(`/api/v1/counters/${counters[0].id}/close`, { method: 'POST', cookie: clerk });
			} finally {
				phone.close();
			}
		});

		it('shuts down gracefully on SIGTERM', async () => {
			expect(await server.stop('SIGTERM')).toBe(0);
		});
	});
}
