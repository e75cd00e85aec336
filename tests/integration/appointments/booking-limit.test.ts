import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser, type GivenUnit } from '../given';
import { VezError } from '../../../src/lib/errors';
import { ANONYMOUS, type Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import type { Deps } from '../../../src/lib/server/deps';
import { setCapacity } from '../../../src/lib/appointments/capacity.server';
import { bookAppointment } from '../../../src/lib/appointments/book.server';

const ORIGIN = 'http://vez.test';
const CPF = '52998224725';

for (const engine of engines()) {
	describe(`public booking limit per IP on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let deps: Deps;
		let unit: GivenUnit;
		let manager: Actor;
		const book = (actor: Actor, ip?: string) =>
			bookAppointment(deps, actor, { unit: unit.slug, service: unit.services.iptu, start: '2026-03-09T14:00:00-03:00', citizen: { cpf: CPF, name: 'Ana Souza', phone: '48999990000' } }, ORIGIN, ip);
		const count = async () => Number((await handle.db.selectFrom('appointments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

		beforeAll(async () => {
			handle = await engine.open();
			// Monday 9 March 2026, 09:00 in São Paulo.
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			deps = { ...t.deps, config: { ...t.deps.config, bookingsPerIpHour: 3 } };
			unit = await givenUnit(handle.db);
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			const day = [{ start: '08:00', end: '18:00', slotMinutes: 30, places: 100 }];
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, {
				template: { windows: { mon: day, tue: day }, walkInShare: 0, horizonDays: 5, minNoticeMinutes: 0, oneActivePerCpf: false }
			});
		});
		afterAll(() => handle.close());

		it('refuses the booking past the limit with 429 rate_limited, saving nothing; other IPs and staff are not held back', async () => {
			for (let i = 0; i < 3; i++) await book(ANONYMOUS, '203.0.113.7');
			const before = await count();
			let refused: unknown;
			await book(ANONYMOUS, '203.0.113.7').catch((e) => (refused = e));
			expect(refused).toBeInstanceOf(VezError);
			expect((refused as VezError).code).toBe('rate_limited');
			expect((refused as VezError).status).toBe(429);
			expect((refused as VezError).toBody().error.message).toMatch(/Too many bookings/);
			expect(await count()).toBe(before);

			expect(await codeOf(book(ANONYMOUS, '198.51.100.20'))).toBe('ok');
			// A clerk or manager booking for a citizen at the counter is staff, not the public.
			expect(await codeOf(book(manager, '203.0.113.7'))).toBe('ok');
			// Invalid input is refused before it counts.
			const other = '198.51.100.99';
			for (let i = 0; i < 5; i++) {
				expect(await codeOf(bookAppointment(deps, ANONYMOUS, { unit: unit.slug, service: unit.services.iptu, start: 'amanhã', citizen: { cpf: CPF, name: 'Ana' } }, ORIGIN, other))).toBe('invalid_input');
			}
			expect(await codeOf(book(ANONYMOUS, other))).toBe('ok');
		});

		it('lets the address book again once the hour has passed', async () => {
			expect(await codeOf(book(ANONYMOUS, '203.0.113.7'))).toBe('rate_limited');
			t.clock.now = new Date(t.clock.now.getTime() + 61 * 60_000);
			expect(await codeOf(book(ANONYMOUS, '203.0.113.7'))).toBe('ok');
		});

		it('holds under concurrent requests: never more than the limit get through', async () => {
			const results = await Promise.all(Array.from({ length: 8 }, () => codeOf(book(ANONYMOUS, '192.0.2.55'))));
			expect(results.filter((r) => r === 'ok').length).toBeLessThanOrEqual(3);
			expect(results.filter((r) => r !== 'ok').every((r) => r === 'rate_limited')).toBe(true);
			expect(await codeOf(book(ANONYMOUS, '192.0.2.55'))).toBe('rate_limited');
		});
	});
}
