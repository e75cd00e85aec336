import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, tempDataDir, type RunningServer } from './server';

// The screen above a counter: its snapshot over HTTP and its room `counter:<id>` over socket.io,
// both open to the unit's panel (and kiosk) tokens and staff, closed to everyone else.
const UNIT = 'continente';

describe('counter display over HTTP and socket.io', () => {
	let server: RunningServer;
	const sockets: Socket[] = [];
	const call = (path: string, init: RequestInit & { json?: unknown; token?: string; cookie?: string } = {}) => {
		const headers = new Headers(init.headers);
		if (init.json !== undefined) headers.set('content-type', 'application/json');
		if (init.token) headers.set('authorization', `Bearer ${init.token}`);
		if (init.cookie) headers.set('cookie', init.cookie);
		return fetch(`${server.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
	};
	const login = async (username: string) => {
		const res = await call('/api/v1/auth/login', { method: 'POST', json: { username, password: 'vez-demo' } });
		expect(res.status).toBe(200);
		return res.headers.get('set-cookie')!.split(';')[0];
	};
	const join = async (room: string, auth: Record<string, string> = {}) => {
		const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], auth });
		sockets.push(socket);
		await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
		return { socket, ack: await socket.timeout(5000).emitWithAck('subscribe', { room }) };
	};
	const next = <T>(socket: Socket, event: string, until: (payload: T) => boolean = () => true) =>
		new Promise<T>((resolve) => {
			const handler = (payload: T) => {
				if (!until(payload)) return;
				socket.off(event, handler);
				resolve(payload);
			};
			socket.on(event, handler);
		});

	beforeAll(async () => {
		server = await startServer({ VEZ_DATA_DIR: tempDataDir() });
	});
	afterAll(async () => {
		for (const s of sockets) s.close();
		await server?.stop();
	});

	it("lets the unit's panel token, and nobody outside the unit, follow a counter", async () => {
		const clerk = await login(`atendente.${UNIT}`);
		const [counter] = await (await call(`/api/v1/units/${UNIT}/counters`, { cookie: clerk })).json();

		expect((await join(`counter:${counter.id}`, { token: `demo-panel-${UNIT}` })).ack).toEqual({ ok: true });
		expect((await join(`counter:${counter.id}`, { token: 'demo-panel-centro' })).ack).toEqual({ ok: false, error: 'forbidden' });
		expect((await join(`counter:${counter.id}`)).ack).toEqual({ ok: false, error: 'forbidden' });

		const snapshot = await call(`/api/v1/counters/${counter.id}/display`, { token: `demo-panel-${UNIT}` });
		expect(snapshot.status).toBe(200);
		expect(await snapshot.json()).toEqual({
			counter: { id: counter.id, number: counter.number, name: counter.name, status: 'closed' },
			unit: { slug: UNIT, name: expect.any(String) },
			ticket: null
		});
		expect((await call(`/api/v1/counters/${counter.id}/display`, { token: 'demo-panel-centro' })).status).toBe(403);
		expect((await call(`/api/v1/counters/${counter.id}/display`)).status).toBe(401);
		expect((await call('/api/v1/counters/not-a-counter/display', { token: `demo-panel-${UNIT}` })).status).toBe(404);
	});

	it('pushes the call, the start, the finish and the closing to the display as they happen', async () => {
		const clerk = await login(`atendente.${UNIT}`);
		const counters = await (await call(`/api/v1/units/${UNIT}/counters`, { cookie: clerk })).json();
		const counter = counters[1];
		const { socket } = await join(`counter:${counter.id}`, { token: `demo-panel-${UNIT}` });
		const services = await (await call(`/api/v1/units/${UNIT}/services`)).json();
		const service = services[0].code;

		const opened = next<{ counter: { status: string } }>(socket, 'counter');
		expect((await call(`/api/v1/counters/${counter.id}/open`, { method: 'POST', cookie: clerk, json: { services: [service] } })).status).toBe(200);
		expect(await opened).toMatchObject({ counter: { id: counter.id, status: 'open' }, ticket: null });

		const issued = await (await call(`/api/v1/units/${UNIT}/tickets`, { method: 'POST', token: `demo-kiosk-${UNIT}`, json: { service } })).json();
		const callEvent = next(socket, 'call');
		const calledView = next<{ ticket: { status: string } | null }>(socket, 'counter', (v) => v.ticket?.status === 'called');
		expect((await call(`/api/v1/counters/${counter.id}/call-next`, { method: 'POST', cookie: clerk })).status).toBe(200);
		expect(await callEvent).toMatchObject({ number: issued.number, counter: counter.number, recall: false });
		expect(await calledView).toMatchObject({ ticket: { number: issued.number, status: 'called', recall: false } });

		const serving = next<{ ticket: { status: string } | null }>(socket, 'counter', (v) => v.ticket?.status === 'serving');
		await call(`/api/v1/tickets/${issued.id}/start`, { method: 'POST', cookie: clerk });
		expect(await serving).toMatchObject({ ticket: { number: issued.number, status: 'serving' } });

		const idle = next<{ ticket: unknown }>(socket, 'counter', (v) => v.ticket === null);
		await call(`/api/v1/tickets/${issued.id}/finish`, { method: 'POST', cookie: clerk, json: { outcome: 'resolved' } });
		expect(await idle).toMatchObject({ counter: { status: 'open' }, ticket: null });

		const closed = next<{ counter: { status: string } }>(socket, 'counter', (v) => v.counter.status === 'closed');
		expect((await call(`/api/v1/counters/${counter.id}/close`, { method: 'POST', cookie: clerk })).status).toBe(200);
		expect(await closed).toMatchObject({ counter: { status: 'closed' }, ticket: null });
	});
});
