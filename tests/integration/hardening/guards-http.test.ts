import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, tempDataDir, type RunningServer } from '../api/server';

/*
 * The guards of the built server against a caller that probes: throttled guesses (429 with
 * Retry-After), device limits, security headers and the realtime server's Origin check, room cap
 * and re-authorization. The client address comes from X-Forwarded-For (ADDRESS_HEADER), so one
 * test can speak from many addresses.
 */

const ADMIN_PASSWORD = 'guards-admin-password';

describe('guards over HTTP and socket.io', () => {
	let server: RunningServer;
	const sockets: Socket[] = [];
	const call = (path: string, init: RequestInit & { json?: unknown; cookie?: string; from?: string; token?: string } = {}) => {
		const headers = new Headers(init.headers);
		if (init.json !== undefined) headers.set('content-type', 'application/json');
		if (init.cookie) headers.set('cookie', init.cookie);
		if (init.token) headers.set('authorization', `Bearer ${init.token}`);
		headers.set('x-forwarded-for', init.from ?? '192.0.2.1');
		return fetch(`${server.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
	};
	const login = async (username: string, password = 'vez-demo') => {
		const res = await call('/api/v1/auth/login', { method: 'POST', json: { username, password }, from: '192.0.2.200' });
		expect(res.status).toBe(200);
		return res.headers.get('set-cookie')!.split(';')[0];
	};
	const socketOf = (options: Parameters<typeof connect>[1] = {}) => {
		const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, ...options });
		sockets.push(socket);
		return socket;
	};
	const connected = (socket: Socket) =>
		new Promise<string | null>((resolve) => {
			socket.once('connect', () => resolve(null));
			socket.once('connect_error', (e) => resolve(e.message));
		});
	const subscribe = (socket: Socket, room: string) => socket.emitWithAck('subscribe', { room }) as Promise<{ ok: boolean; error?: string }>;

	beforeAll(async () => {
		server = await startServer({
			VEZ_DATA_DIR: tempDataDir(),
			VEZ_ADMIN_PASSWORD: ADMIN_PASSWORD,
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			VEZ_REALTIME_RECHECK_SECONDS: '1'
		});
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
	});

	it('throttles wrong protocol look-ups per address with 429 and Retry-After, and the right one still passes elsewhere', async () => {
		const lookup = (n: number, from: string) => call(`/api/v1/protocols/2026${String(900000 + n).padStart(6, '0')}-0?cpf=52998224725`, { from });
		for (let i = 0; i < 20; i++) expect((await lookup(i, '198.51.100.1')).status).toBe(404);
		const refused = await lookup(99, '198.51.100.1');
		expect(refused.status).toBe(429);
		expect((await refused.json()).error.code).toBe('rate_limited');
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await lookup(99, '198.51.100.2')).status).toBe(404);
	});

	it('throttles wrong secrets against one protocol from any number of addresses', async () => {
		const number = '2026777777-0';
		for (let i = 0; i < 10; i++) expect((await call(`/api/v1/protocols/${number}?code=WRONG${i}`, { from: `203.0.113.${i + 1}` })).status).toBe(404);
		const refused = await call(`/api/v1/protocols/${number}?code=WRONGX`, { from: '203.0.113.50' });
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('throttles wrong booking codes per address', async () => {
		for (let i = 0; i < 20; i++) expect((await call(`/api/v1/appointments/ABC-DEF-GH${i % 10}.ics`, { from: '198.51.100.9' })).status).toBeLessThan(429);
		const refused = await call('/api/v1/appointments/ABC-DEF-GHJ.ics', { from: '198.51.100.9' });
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
	});

	it('does not let a panel token book, and holds a kiosk token to its per-minute issue ceiling', async () => {
		const booking = await call('/api/v1/appointments', {
			method: 'POST',
			token: 'demo-panel-centro',
			json: { unit: 'centro', service: 'iptu-segunda-via', start: '2026-12-10T09:00:00-03:00', citizen: { cpf: '529.982.247-25', name: 'Ana', phone: '48 99999-0000' } }
		});
		expect(booking.status).toBe(403);
		const services = (await (await call('/api/v1/units/centro/services')).json()) as { code: string }[];
		const issue = () => call('/api/v1/units/centro/tickets', { method: 'POST', token: 'demo-kiosk-centro', json: { service: services[0].code } });
		const statuses: number[] = [];
		for (let i = 0; i < 31; i++) statuses.push((await issue()).status);
		expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
		expect(statuses[30]).toBe(429);
		expect(Number((await issue()).headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('sends security headers on pages and API answers', async () => {
		const page = await call('/services');
		const csp = page.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(page.headers.get('x-frame-options')).toBe('DENY');
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('referrer-policy')).toBe('same-origin');
		// Plain http (a LAN demo): HSTS would be ignored and wrong.
		expect(page.headers.get('strict-transport-security')).toBeNull();
		const api = await call('/api/v1/units');
		expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(api.headers.get('x-content-type-options')).toBe('nosniff');
		const refused = await call('/api/v1/units/%00');
		expect(refused.headers.get('x-frame-options')).toBe('DENY');
	});

	it('refuses a socket opened from another origin, and lets devices without an Origin in', async () => {
		expect(await connected(socketOf({ extraHeaders: { origin: 'https://evil.example' } }))).toBe('forbidden');
		expect(await connected(socketOf({ extraHeaders: { origin: server.url } }))).toBeNull();
		const panel = socketOf({ auth: { token: 'demo-panel-centro' } });
		expect(await connected(panel)).toBeNull();
		expect(await subscribe(panel, 'panel:centro')).toEqual({ ok: true });
	});

	it('caps the rooms of one socket', async () => {
		const socket = socketOf();
		await connected(socket);
		for (let i = 0; i < 50; i++) expect((await subscribe(socket, `ticket:t${i}`)).ok).toBe(true);
		expect(await subscribe(socket, 'ticket:one-more')).toEqual({ ok: false, error: 'too_many_rooms' });
		expect(await subscribe(socket, 'ticket:t3')).toEqual({ ok: true });
	});

	it('keeps integration tokens out of organ inboxes', async () => {
		const admin = await login('admin', ADMIN_PASSWORD);
		const created = await call('/api/v1/tokens', { method: 'POST', cookie: admin, headers: { origin: server.url }, json: { kind: 'integration', name: 'Bot' } });
		const { token } = await created.json();
		const socket = socketOf({ auth: { token } });
		expect(await connected(socket)).toBeNull();
		expect(await subscribe(socket, 'inbox:smf')).toEqual({ ok: false, error: 'forbidden' });
	});

	it('takes a socket out of staff rooms once its session ends', async () => {
		const cookie = await login('atendente');
		const socket = socketOf({ extraHeaders: { cookie } });
		expect(await connected(socket)).toBeNull();
		expect(await subscribe(socket, 'queue:centro')).toEqual({ ok: true });
		expect(await subscribe(socket, 'panel:centro')).toEqual({ ok: true });
		const services = (await (await call('/api/v1/units/centro/services')).json()) as { code: string }[];
		// A queue event reaches the socket while the session lives (the clerk issues: the kiosk has hit its ceiling).
		const heard = () =>
			new Promise<boolean>((resolve) => {
				const timer = setTimeout(() => resolve(false), 3000);
				socket.once('queue', () => {
					clearTimeout(timer);
					resolve(true);
				});
				void call('/api/v1/units/centro/tickets', { method: 'POST', cookie: manager, json: { service: services[0].code } });
			});
		const manager = await login('gerente');
		expect(await heard()).toBe(true);
		expect((await call('/api/v1/auth/logout', { method: 'POST', cookie })).status).toBeLessThan(300);
		// Within a few sweeps (one second apart here) the socket has left the queue room.
		let stillHears = true;
		for (let i = 0; i < 10 && stillHears; i++) stillHears = await heard();
		expect(stillHears).toBe(false);
		expect(await subscribe(socket, 'queue:centro')).toEqual({ ok: false, error: 'forbidden' });
		// The public room stays: a logged-out screen is a stranger, not an outcast.
		expect(socket.connected).toBe(true);
	});
});
