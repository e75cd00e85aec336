import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import { ANONYMOUS, type Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { unitForAdmin, updateCheckInSettings } from '../../../src/lib/units/admin-units.server';
import { setCapacity } from '../../../src/lib/appointments/capacity.server';
import { bookAppointment } from '../../../src/lib/appointments/book.server';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';

const ORIGIN = 'http://vez.test';

for (const engine of engines()) {
	describe(`appointment check-in settings of a unit on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let admin: Actor;
		const settingsOf = async () => (await handle.db.selectFrom('units').select('settings').where('id', '=', unit.id).executeTakeFirstOrThrow()).settings;

		beforeAll(async () => {
			handle = await engine.open();
			// Monday 9 March 2026, 09:00 in São Paulo.
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			unit = await givenUnit(handle.db, { settings: { issueOutsideHours: true, ordering: { mode: 'ratio', priorityCalls: 2, normalCalls: 1 }, endOfDay: '18:00' } });
			admin = await givenUser(handle.db, 'admin');
		});
		afterAll(() => handle.close());

		it('shows the defaults, then saves the window and the late rule keeping every other setting, audited', async () => {
			expect((await unitForAdmin(t.deps, admin, unit.slug)).checkIn).toEqual({ earlyMinutes: 30, lateMinutes: 15, lateBecomesWalkIn: true });
			await updateCheckInSettings(t.deps, admin, unit.slug, { earlyMinutes: 45, lateMinutes: 10, lateBecomesWalkIn: false });
			expect(await settingsOf()).toEqual({
				issueOutsideHours: true,
				ordering: { mode: 'ratio', priorityCalls: 2, normalCalls: 1 },
				endOfDay: '18:00',
				appointments: { earlyMinutes: 45, lateMinutes: 10, lateBecomesWalkIn: false }
			});
			expect((await unitForAdmin(t.deps, admin, unit.slug)).checkIn).toEqual({ earlyMinutes: 45, lateMinutes: 10, lateBecomesWalkIn: false });
			const log = await handle.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', unit.id).where('action', '=', 'unit.check_in_settings').execute();
			expect(log).toHaveLength(1);
			expect(log[0].details).toMatchObject({ after: { earlyMinutes: 45, lateMinutes: 10, lateBecomesWalkIn: false } });
		});

		it('refuses bad values and other roles, changing nothing', async () => {
			const before = await settingsOf();
			for (const bad of [
				{ earlyMinutes: -1, lateMinutes: 10, lateBecomesWalkIn: true },
				{ earlyMinutes: 'trinta', lateMinutes: 10, lateBecomesWalkIn: true },
				{ earlyMinutes: 30, lateMinutes: 1.5, lateBecomesWalkIn: true },
				{ earlyMinutes: 30, lateMinutes: 500, lateBecomesWalkIn: true },
				{ earlyMinutes: 30, lateMinutes: 10 }
			]) {
				expect(await codeOf(updateCheckInSettings(t.deps, admin, unit.slug, bad))).toBe('invalid_input');
			}
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			expect(await codeOf(updateCheckInSettings(t.deps, manager, unit.slug, { earlyMinutes: 5, lateMinutes: 5, lateBecomesWalkIn: true }))).toBe('forbidden');
			expect(await codeOf(updateCheckInSettings(t.deps, admin, 'no-such-unit', { earlyMinutes: 5, lateMinutes: 5, lateBecomesWalkIn: true }))).toBe('unit_not_found');
			expect(await settingsOf()).toEqual(before);
		});

		it('the kiosk check-in follows the saved window', async () => {
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const window = { start: '08:00', end: '12:00', slotMinutes: 20, places: 1 };
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: { windows: { mon: [window] }, walkInShare: 0, horizonDays: 5, minNoticeMinutes: 0 } });
			// 09:40, forty minutes from now: too early with the default 30, on time with 45.
			const booked = await bookAppointment(t.deps, ANONYMOUS, { unit: unit.slug, service: unit.services.iptu, start: '2026-03-09T09:40:00-03:00', citizen: { cpf: '52998224725', name: 'Ana Souza', phone: '48999990000' } }, ORIGIN);
			await updateCheckInSettings(t.deps, admin, unit.slug, { earlyMinutes: 30, lateMinutes: 15, lateBecomesWalkIn: true });
			expect(await codeOf(issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu, appointment: booked.code }, ORIGIN))).toBe('check_in_too_early');
			await updateCheckInSettings(t.deps, admin, unit.slug, { earlyMinutes: 45, lateMinutes: 15, lateBecomesWalkIn: true });
			const ticket = await issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu, appointment: booked.code }, ORIGIN);
			expect(ticket.number).toBeTruthy();
		});
	});
}
