import { describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { placeInLine, type LinePayload } from '$lib/queue/line';
import { emptyPostgres, startServer, tempDataDir } from './server';

describe('server processes on the embedded database', () => {
	it('keeps its data across restarts and refuses a second process on the same directory with a clear message', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ VEZ_DATA_DIR: dataDir });
		try {
			const issued = await fetch(`${first.url}/api/v1/units/rio-tavares/tickets`, {
				method: 'POST',
				headers: { authorization: 'Bearer demo-kiosk-rio-tavares', 'content-type': 'application/json' },
				body: JSON.stringify({ service: (await (await fetch(`${first.url}/api/v1/units/rio-tavares/services`)).json())[0].code })
			});
			expect(issued.status).toBe(201);
			const { publicId } = await issued.json();

			const second = await startServer({ VEZ_DATA_DIR: dataDir }, { waitReady: false });
			expect(await second.exited).toBe(1);
			expect(second.output()).toMatch(/Vez could not start: The data directory .* is in use by process \d+/);

			expect(await first.stop()).toBe(0);
			const again = await startServer({ VEZ_DATA_DIR: dataDir });
			try {
				const view = await (await fetch(`${again.url}/api/v1/tickets/${publicId}`)).json();
				expect(view.status).toBe('waiting');
				const units = await (await fetch(`${again.url}/api/v1/units`)).json();
				expect(units).toHaveLength(6);
			} finally {
				await again.stop();
			}
		} finally {
			await first.stop();
		}
		// Three starts of the embedded database, the first seeding the demo city: 53 s on a quiet
		// CI machine, past a minute on a loaded one. It judges what survives a restart, not speed.
	}, 300_000);
});

const postgres = await emptyPostgres();
if (postgres) {
	await postgres.drop();
	describe('server processes on PostgreSQL', () => {
		it('lets two processes start together on an empty database: one migration, one demo city', async () => {
			const db = (await emptyPostgres())!;
			const env = { DATABASE_URL: db.url, VEZ_DEMO: '1' };
			const [a, b] = await Promise.all([startServer(env), startServer(env)]);
			try {
				const unitsA = await (await fetch(`${a.url}/api/v1/units`)).json();
				const unitsB = await (await fetch(`${b.url}/api/v1/units`)).json();
				expect(unitsA).toHaveLength(6);
				expect(unitsB).toEqual(unitsA);
				// A ticket issued through one process is visible through the other.
				const service = (await (await fetch(`${a.url}/api/v1/units/centro/services`)).json())[0].code;
				const issue = (url: string) =>
					fetch(`${url}/api/v1/units/centro/tickets`, {
						method: 'POST',
						headers: { authorization: 'Bearer demo-kiosk-centro', 'content-type': 'application/json' },
						body: JSON.stringify({ service })
					}).then((r) => r.json());
				const [x, y] = await Promise.all([issue(a.url), issue(b.url)]);
				expect(new Set([x.number, y.number]).size).toBe(2);

				// A panel connected to process B hears a call made through process A, and a phone
				// there the unit's line, where the ticket left waiting now has nobody ahead.
				const panel = connect(b.url, { path: '/socket.io', transports: ['websocket'], auth: { token: 'demo-panel-centro' } });
				const phone = connect(b.url, { path: '/socket.io', transports: ['websocket'] });
				const connected = (socket: typeof panel) => new Promise<void>((resolve) => (socket.connected ? resolve() : socket.on('connect', () => resolve())));
				try {
					await connected(panel);
					expect(await panel.timeout(5000).emitWithAck('subscribe', { room: 'panel:centro' })).toEqual({ ok: true });
					await connected(phone);
					expect(await phone.timeout(5000).emitWithAck('subscribe', { room: 'line:centro' })).toEqual({ ok: true });
					const heard = new Promise<{ number: string }>((resolve) => panel.on('call', resolve));
					const lines: LinePayload[] = [];
					phone.on('line', (line: LinePayload) => lines.push(line));
					const login = await fetch(`${a.url}/api/v1/auth/login`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ username: 'atendente', password: 'vez-demo' })
					});
					const cookie = login.headers.get('set-cookie')!.split(';')[0];
					const counters = await (await fetch(`${a.url}/api/v1/units/centro/counters`, { headers: { cookie } })).json();
					const post = (path: string, body?: unknown) =>
						fetch(`${a.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
					expect((await post(`/api/v1/counters/${counters[0].id}/open`, { services: [service] })).status).toBe(200);
					const called = await (await post(`/api/v1/counters/${counters[0].id}/call-next`)).json();
					expect((await heard).number).toBe(called.number);
					const left = called.number === x.number ? y.number : x.number;
					await expect
						.poll(() => lines.some((line) => placeInLine(line, { unit: 'centro', service, number: left })?.position === 0), { timeout: 15_000 })
						.toBe(true);
				} finally {
					panel.close();
					phone.close();
				}
			} finally {
				await Promise.all([a.stop(), b.stop()]);
				await db.drop();
			}
		});

		it('does not create demo data on PostgreSQL unless VEZ_DEMO is set', async () => {
			const db = (await emptyPostgres())!;
			const server = await startServer({ DATABASE_URL: db.url });
			try {
				expect(await (await fetch(`${server.url}/api/v1/units`)).json()).toEqual([]);
			} finally {
				await server.stop();
				await db.drop();
			}
		});
	});
}
