import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { emptyPostgres, startServer } from './server';

const ADMIN_PASSWORD = 'appointments-http-admin';
const cpf = (n: number) => {
	const base = String(200_000_000 + n);
	return base + cpfCheckDigits(base);
};

const postgres = await emptyPostgres();
if (postgres) {
	await postgres.drop();
	describe('appointments over HTTP on two server processes (PostgreSQL)', () => {
		it('gives the last places of a slot to exactly two of 100 requests spread over both processes; the rest get 409', async () => {
			const db = (await emptyPostgres())!;
			// 100 bookings from one address: over the per-IP limit, which this test is not about.
			const env = { DATABASE_URL: db.url, VEZ_DEMO: '1', VEZ_ADMIN_PASSWORD: ADMIN_PASSWORD, VEZ_BOOKINGS_PER_IP_HOUR: '0' };
			const [a, b] = await Promise.all([startServer(env), startServer(env)]);
			try {
				const login = await fetch(`${a.url}/api/v1/auth/login`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD })
				});
				const cookie = login.headers.get('set-cookie')!.split(';')[0];
				const window = [{ start: '08:00', end: '12:00', slotMinutes: 20, places: 2 }];
				const template = {
					windows: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, window])),
					walkInShare: 0,
					horizonDays: 10,
					minNoticeMinutes: 0
				};
				const put = await fetch(`${a.url}/api/v1/units/rio-tavares/services/licenca-ambiental/capacity`, {
					method: 'PUT',
					headers: { 'content-type': 'application/json', cookie },
					body: JSON.stringify({ template })
				});
				expect(put.status).toBe(200);

				// The first day from three days ahead with slots (a holiday has none), 08:00 in the unit's zone.
				const slotsOf = async (url: string, date: string) =>
					(await (await fetch(`${url}/api/v1/units/rio-tavares/services/licenca-ambiental/slots?date=${date}`)).json()) as { start: string; end: string; free: number }[];
				let day = DateTime.now().setZone('America/Sao_Paulo').plus({ days: 3 });
				while ((await slotsOf(b.url, day.toISODate()!)).length === 0) day = day.plus({ days: 1 });
				const date = day.toISODate()!;
				const start = DateTime.fromISO(`${date}T08:00`, { zone: 'America/Sao_Paulo' }).toISO({ suppressMilliseconds: true })!;
				expect((await slotsOf(b.url, date))[0]).toMatchObject({ start, free: 2 });

				const book = (url: string, n: number) =>
					fetch(`${url}/api/v1/appointments`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ unit: 'rio-tavares', service: 'licenca-ambiental', start, citizen: { cpf: cpf(n), name: 'Pessoa', phone: '48 99999-0000' } })
					});
				const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => book(i % 2 ? a.url : b.url, i)));
				const statuses = answers.map((r) => r.status);
				expect(statuses.filter((s) => s === 201)).toHaveLength(2);
				expect(statuses.filter((s) => s === 409)).toHaveLength(98);
				const refused = await answers.find((r) => r.status === 409)!.json();
				expect(refused.error.code).toBe('slot_full');
				expect(refused.error.message).toMatch(/taken/);
				const booked = await answers.find((r) => r.status === 201)!.json();

				expect((await slotsOf(a.url, date)).find((s) => s.start === start)?.free).toBe(0);

				const ics = await fetch(`${b.url}/api/v1/appointments/${booked.code}.ics`);
				expect(ics.headers.get('content-type')).toContain('text/calendar');
				expect(await ics.text()).toContain(`DTSTART;TZID=America/Sao_Paulo:${date.replaceAll('-', '')}T080000`);

				const forged = await fetch(`${a.url}/api/v1/appointments/${booked.code}/cancel`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ token: 'forged-forged-forged-forged' })
				});
				expect(forged.status).toBe(403);
				expect((await forged.json()).error.code).toBe('invalid_manage_token');

				const bad = await fetch(`${a.url}/api/v1/appointments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"unit":' });
				expect(bad.status).toBe(400);
				expect((await bad.json()).error.code).toBe('invalid_json');
			} finally {
				await Promise.all([a.stop(), b.stop()]);
				await db.drop();
			}
		});
	});
}
