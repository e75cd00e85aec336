import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from '../api/server';

/*
 * Bad input at the edge of the built server: control characters, impossible dates, huge bodies.
 * Each answer is the route's own error format, the log holds no stack trace for it, and the
 * server keeps answering.
 */

const ADMIN_PASSWORD = 'hardening-admin-password';

describe('input hygiene over HTTP', () => {
	let server: RunningServer;
	let manager: string;
	const call = (path: string, init: RequestInit & { json?: unknown; cookie?: string } = {}) => {
		const headers = new Headers(init.headers);
		if (init.json !== undefined) headers.set('content-type', 'application/json');
		if (init.cookie) headers.set('cookie', init.cookie);
		return fetch(`${server.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
	};
	const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

	beforeAll(async () => {
		server = await startServer({ VEZ_DATA_DIR: tempDataDir(), VEZ_ADMIN_PASSWORD: ADMIN_PASSWORD, VEZ_LOG_LEVEL: 'info' });
		const res = await call('/api/v1/auth/login', { method: 'POST', json: { username: 'gerente', password: 'vez-demo' } });
		manager = res.headers.get('set-cookie')!.split(';')[0];
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('refuses a NUL byte in a JSON field with a 400 naming the field', async () => {
		const res = await call('/api/v1/auth/login', { method: 'POST', json: { username: 'admin\u0000', password: 'x' } });
		expect(res.status).toBe(400);
		expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', fields: { username: expect.any(String) } });
		const booking = await call('/api/v1/appointments', {
			method: 'POST',
			json: { unit: 'centro', service: 'iptu-segunda-via', start: '2026-12-10T09:00:00-03:00', citizen: { cpf: '529.982.247-25', name: 'Ana\u0000', phone: '48 99999-0000' } }
		});
		expect(booking.status).toBe(400);
		expect((await errorOf(booking)).fields).toHaveProperty(['citizen.name']);
	});

	it('refuses %00 in a path or query parameter with a 400 in the API format', async () => {
		for (const path of ['/api/v1/units/centro%00/services', '/api/v1/services/iptu%00', '/api/v1/services?q=iptu%00', '/api/v1/protocols/2026%00?cpf=1']) {
			const res = await call(path);
			expect(res.status, path).toBe(400);
			expect((await errorOf(res)).code).toBe('invalid_input');
		}
	});

	it('refuses a NUL byte in a form field of a screen with a 400, not a crash', async () => {
		const res = await call('/login', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
			body: 'username=admin%00&password=x'
		});
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('username');
	});

	it('answers a path that is not UTF-8 with a 400 in each format, and keeps running (it used to stop the process)', async () => {
		// SvelteKit runs the hooks outside its error handling for such a path: a thrown error() there was an unhandled rejection.
		const page = await call('/services/a%ED%BF%BF', { headers: { accept: 'text/html' } });
		expect(page.status).toBe(400);
		expect(page.headers.get('content-type')).toContain('text/html');
		const action = await call('/admin/units/a%ED%BF%BF?/checkIn', { method: 'POST', headers: { accept: 'text/html', origin: server.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
		expect(action.status).toBe(400);
		const api = await call('/api/v1/units/a%FF/services', { headers: { accept: 'text/html' } });
		expect((await errorOf(api)).code).toBe('invalid_input');
		const open311 = await call('/open311/v2/services/a%FF.xml');
		expect(await open311.text()).toContain('<code>400</code>');
		expect((await call('/readyz')).status).toBe(200);
	});

	it('answers Open311 with its own error list for a control character', async () => {
		const res = await call('/open311/v2/services/iptu%00.json');
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual([{ code: 400, description: expect.stringContaining('control character') }]);
	});

	it('refuses dates outside 2000–2100 naming the field: slots, stats, CSV export, Open311', async () => {
		for (const date of ['0000-01-01', '9999-12-31']) {
			const slots = await call(`/api/v1/units/centro/services/iptu-segunda-via/slots?date=${date}`);
			expect(slots.status).toBe(400);
			expect((await errorOf(slots)).fields).toHaveProperty('date');
		}
		const stats = await call('/api/v1/units/centro/stats?from=9999-12-30&to=9999-12-31', { cookie: manager });
		expect(stats.status).toBe(400);
		expect(Object.keys((await errorOf(stats)).fields ?? {})).toEqual(['from', 'to']);
		const csv = await call('/manage/reports/export?table=day&from=0000-01-01&to=0000-01-02', { cookie: manager });
		expect(csv.status).toBe(400);
		expect((await errorOf(csv)).fields).toHaveProperty('from');
		const admin = (await call('/api/v1/auth/login', { method: 'POST', json: { username: 'admin', password: ADMIN_PASSWORD } })).headers.get('set-cookie')!.split(';')[0];
		const { token } = await (await call('/api/v1/tokens', { method: 'POST', cookie: admin, headers: { origin: server.url }, json: { kind: 'integration', name: 'Portal' } })).json();
		const open311 = await call(`/open311/v2/requests.json?api_key=${token}&start_date=9999-12-31T00:00:00Z`);
		expect(open311.status).toBe(400);
		expect((await open311.json())[0].description).toMatch(/start_date/);
		expect((await call('/readyz')).status).toBe(200);
	});

	it('refuses a stats range longer than a year', async () => {
		const res = await call('/api/v1/units/centro/stats?from=2024-01-01&to=2026-01-01', { cookie: manager });
		expect(res.status).toBe(400);
		expect((await errorOf(res)).fields).toHaveProperty('to');
	});

	it('cuts a 2 MB chunked body to Open311 off with 413 and keeps serving', async () => {
		// A raw socket that streams the body slowly and stops once the answer came: the server
		// answers and hangs up while the body is still coming in.
		const { port } = new URL(server.url);
		const socket = net.connect(Number(port), '127.0.0.1');
		let answer = '';
		let closed = false;
		socket.on('data', (d) => (answer += d));
		socket.on('error', () => {});
		socket.on('close', () => (closed = true));
		await new Promise((resolve) => socket.once('connect', resolve));
		socket.write('POST /open311/v2/requests.xml HTTP/1.1\r\nHost: vez\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n');
		const chunk = 'x'.repeat(16 * 1024);
		for (let sent = 0; sent < 2 * 1024 * 1024 && !answer && !closed; sent += chunk.length) {
			socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		socket.destroy();
		expect(answer).toMatch(/^HTTP\/1\.1 413 /);
		expect(answer).toContain('<description>The request body is larger than 64 KB.</description>');
		expect((await call('/readyz')).status).toBe(200);
	});

	it('refuses a declared body over the limit before reading it', async () => {
		const res = await call('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a', password: 'x'.repeat(300 * 1024) }) });
		expect(res.status).toBe(413);
		expect((await errorOf(res)).code).toBe('payload_too_large');
	});

	it('refuses a bodiless POST carrying the session cookie from another origin', async () => {
		const res = await call('/api/v1/auth/logout', { method: 'POST', cookie: manager, headers: { origin: 'https://evil.example' } });
		expect(res.status).toBe(403);
		expect((await call('/api/v1/me', { cookie: manager })).status).toBe(200);
	});

	it('logs neither stack traces for client mistakes nor manage tokens', async () => {
		const before = server.output().length;
		expect((await call('/api/v1/units', { method: 'PATCH' })).status).toBe(405);
		const token = 'Zk3abcdefghijklmnopqrstuvwxyz01234567890A';
		await call(`/book/manage/${token}`);
		await call(`/t/${token}`);
		await call(`/kiosk/centro?token=${token}`);
		// The request lines are written after the answers: wait for the last one.
		const deadline = Date.now() + 5000;
		while (!server.output().slice(before).includes('/kiosk/centro') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		const log = server.output().slice(before);
		expect(log).toContain('/book/manage/[token]');
		expect(log).not.toContain(token);
		expect(log).not.toMatch(/"level":"error"/);
		expect(log).not.toContain('    at ');
	});
});
