import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { startServer, tempDataDir, type RunningServer } from './server';

const ADMIN_PASSWORD = 'booking-limit-admin';
const UNIT = 'rio-tavares';
const SERVICE = 'licenca-ambiental';

describe('public bookings per IP over HTTP', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ VEZ_DATA_DIR: tempDataDir(), VEZ_ADMIN_PASSWORD: ADMIN_PASSWORD, VEZ_BOOKINGS_PER_IP_HOUR: '2' });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('answers 429 rate_limited per docs/api.md once an address has made its bookings for the hour', async () => {
		const login = await fetch(`${server.url}/api/v1/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD })
		});
		const cookie = login.headers.get('set-cookie')!.split(';')[0];
		const window = [{ start: '08:00', end: '12:00', slotMinutes: 60, places: 10 }];
		const put = await fetch(`${server.url}/api/v1/units/${UNIT}/services/${SERVICE}/capacity`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({
				template: { windows: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, window])), walkInShare: 0, horizonDays: 10, minNoticeMinutes: 0, oneActivePerCpf: false }
			})
		});
		expect(put.status).toBe(200);
		// The first day from two days ahead with slots (a holiday has none).
		const slotsOf = async (date: string) => (await (await fetch(`${server.url}/api/v1/units/${UNIT}/services/${SERVICE}/slots?date=${date}`)).json()) as { start: string }[];
		let day = DateTime.now().setZone('America/Sao_Paulo').plus({ days: 2 });
		while ((await slotsOf(day.toISODate()!)).length === 0) day = day.plus({ days: 1 });
		const [{ start }] = await slotsOf(day.toISODate()!);
		const book = () =>
			fetch(`${server.url}/api/v1/appointments`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ unit: UNIT, service: SERVICE, start, citizen: { cpf: '529.982.247-25', name: 'Ana Souza', phone: '48 99999-0000' } })
			});
		expect((await book()).status).toBe(201);
		expect((await book()).status).toBe(201);
		const refused = await book();
		expect(refused.status).toBe(429);
		const body = await refused.json();
		expect(body.error.code).toBe('rate_limited');
		expect(body.error.message).toMatch(/Too many bookings/);
		// Staff booking for a citizen is not the public: the manager's session still books.
		const staff = await fetch(`${server.url}/api/v1/appointments`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ unit: UNIT, service: SERVICE, start, citizen: { cpf: '529.982.247-25', name: 'Ana Souza', phone: '48 99999-0000' } })
		});
		expect(staff.status).toBe(201);
	});
});
