import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { emptyPostgres, startServer, tempDataDir, type RunningServer } from './server';

// Idempotency-Key over HTTP (docs/api.md#idempotency) on the built server with the demo city, on
// the embedded database and on PostgreSQL (there with two processes answering the same key).
const KIOSK = 'demo-kiosk-centro';
const cpf = (n: number) => {
	const base = String(400_000_000 + n);
	return base + cpfCheckDigits(base);
};

interface Engine {
	name: string;
	start(): Promise<{ servers: RunningServer[]; stop(): Promise<void> }>;
}

const postgres = await emptyPostgres();
await postgres?.drop();
const ENGINES: Engine[] = [
	{
		name: 'pglite',
		async start() {
			const server = await startServer({ VEZ_DATA_DIR: tempDataDir(), VEZ_DEMO: '1' });
			return { servers: [server], stop: async () => void (await server.stop()) };
		}
	},
	...(postgres
		? [
				{
					name: 'postgres, two processes',
					async start() {
						const db = (await emptyPostgres())!;
						const env = { DATABASE_URL: db.url, VEZ_DEMO: '1' };
						// The first process migrates and seeds; the second joins the same database.
						const first = await startServer(env);
						const second = await startServer(env);
						return {
							servers: [first, second],
							async stop() {
								await Promise.all([first.stop(), second.stop()]);
								await db.drop();
							}
						};
					}
				}
			]
		: [])
];

for (const engine of ENGINES) {
	describe(`Idempotency-Key over HTTP on ${engine.name}`, () => {
		let running: Awaited<ReturnType<Engine['start']>>;
		let url: (i: number) => string;
		let agent: string;

		const post = (i: number, path: string, body: unknown, headers: Record<string, string>) =>
			fetch(`${url(i)}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
		const answer = async (res: Response) => ({ status: res.status, body: await res.text() });

		beforeAll(async () => {
			running = await engine.start();
			url = (i) => running.servers[i % running.servers.length].url;
			const login = await post(0, '/api/v1/auth/login', { username: 'agente156', password: 'vez-demo' }, {});
			expect(login.status).toBe(200);
			agent = login.headers.get('set-cookie')!.split(';')[0];
		});
		afterAll(async () => {
			await running?.stop();
		});

		it('answers a retried ticket issue with the same status and body, and makes one ticket', async () => {
			const kiosk = { authorization: `Bearer ${KIOSK}` };
			const body = { service: 'iptu-segunda-via' };
			const first = await answer(await post(0, '/api/v1/units/centro/tickets', body, { ...kiosk, 'idempotency-key': 'tap-1' }));
			expect(first.status).toBe(201);
			const again = await answer(await post(1, '/api/v1/units/centro/tickets', body, { ...kiosk, 'idempotency-key': 'tap-1' }));
			expect(again).toEqual(first);
			// Without a key every request is its own ticket.
			const plain = await (await post(0, '/api/v1/units/centro/tickets', body, kiosk)).json();
			expect(plain.number).not.toBe(JSON.parse(first.body).number);

			const other = await post(0, '/api/v1/units/centro/tickets', { service: 'itbi' }, { ...kiosk, 'idempotency-key': 'tap-1' });
			expect(other.status).toBe(422);
			expect((await other.json()).error.code).toBe('idempotency_mismatch');

			const bad = await post(0, '/api/v1/units/centro/tickets', body, { ...kiosk, 'idempotency-key': 'tecla com espaço' });
			expect(bad.status).toBe(400);
			expect((await bad.json()).error).toMatchObject({ code: 'invalid_input', fields: { idempotencyKey: 'invalid' } });
		});

		it('gives one ticket to identical requests sent at once to every process', async () => {
			const kiosk = { authorization: `Bearer ${KIOSK}`, 'idempotency-key': 'tap-race' };
			const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post(i, '/api/v1/units/centro/tickets', { service: 'itbi' }, kiosk).then(answer)));
			expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
			expect(new Set(answers.map((a) => a.body)).size).toBe(1);
		});

		it('opens one protocol for a retried request; another body under the key is 422', async () => {
			const body = { service: 'tapa-buraco', kind: 'solicitacao', description: 'Buraco na rua', region: 'Norte', citizen: { cpf: cpf(1), name: 'Maria' } };
			const headers = { cookie: agent, 'idempotency-key': 'protocol-1' };
			const first = await answer(await post(0, '/api/v1/protocols', body, headers));
			expect(first.status).toBe(201);
			expect(await answer(await post(1, '/api/v1/protocols', body, headers))).toEqual(first);
			const other = await post(0, '/api/v1/protocols', { ...body, description: 'Outro buraco' }, headers);
			expect(other.status).toBe(422);
			expect((await other.json()).error.code).toBe('idempotency_mismatch');
		});

		it('books once for a retried public booking; another body under the key is 422', async () => {
			const admin = await post(0, '/api/v1/auth/login', { username: 'admin.demo', password: 'vez-demo' }, {});
			const cookie = admin.headers.get('set-cookie')!.split(';')[0];
			const window = [{ start: '08:00', end: '12:00', slotMinutes: 20, places: 1 }];
			const template = { windows: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, window])), walkInShare: 0, horizonDays: 10, minNoticeMinutes: 0 };
			const put = await fetch(`${url(0)}/api/v1/units/rio-tavares/services/licenca-ambiental/capacity`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ template })
			});
			expect(put.status).toBe(200);
			const slots = async (date: string) =>
				(await (await fetch(`${url(0)}/api/v1/units/rio-tavares/services/licenca-ambiental/slots?date=${date}`)).json()) as { start: string }[];
			let day = DateTime.now().setZone('America/Sao_Paulo').plus({ days: 3 });
			while ((await slots(day.toISODate()!)).length === 0) day = day.plus({ days: 1 });
			const start = (await slots(day.toISODate()!))[0].start;

			const body = { unit: 'rio-tavares', service: 'licenca-ambiental', start, citizen: { cpf: cpf(2), name: 'Pessoa', email: 'pessoa@example.org' } };
			const headers = { 'idempotency-key': 'booking-form-1' };
			const first = await answer(await post(0, '/api/v1/appointments', body, headers));
			expect(first.status).toBe(201);
			// The slot had one place: only a replay can answer 201 again.
			expect(await answer(await post(1, '/api/v1/appointments', body, headers))).toEqual(first);
			const other = await post(0, '/api/v1/appointments', { ...body, citizen: { ...body.citizen, name: 'Outra' } }, headers);
			expect(other.status).toBe(422);
			expect((await other.json()).error.code).toBe('idempotency_mismatch');
		});
	});
}
