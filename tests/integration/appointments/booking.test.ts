import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import { VezError } from '../../../src/lib/errors';
import { ANONYMOUS, type Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { closeDate, setCapacity, slotsOfDate } from '../../../src/lib/appointments/capacity.server';
import { appointmentByToken, appointmentIcsFile, bookAppointment, cancelAppointment, rescheduleAppointment } from '../../../src/lib/appointments/book.server';
import { checkInAtKiosk } from '../../../src/lib/queue/kiosk-check-in.server';
import { markNoShows, sendReminders } from '../../../src/lib/appointments/jobs.server';
import { appointmentDay, todayAppointmentCounts } from '../../../src/lib/appointments/day-view.server';
import { citizenRef } from '../../../src/lib/audit/audit.server';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { callNext } from '../../../src/lib/queue/call-ticket.server';

const ORIGIN = 'http://vez.test';
const ADDRESS = '203.0.113.9';

/** The n-th valid CPF of a test run (base digits from n, check digits computed). */
const cpf = (n: number) => {
	const base = String(100_000_000 + n).slice(0, 9);
	return base + cpfCheckDigits(base);
};

const WEEKDAY_MORNINGS = { start: '08:00', end: '12:00', slotMinutes: 20, places: 2 };
const TEMPLATE = {
	windows: { mon: [WEEKDAY_MORNINGS], tue: [WEEKDAY_MORNINGS], wed: [WEEKDAY_MORNINGS], thu: [WEEKDAY_MORNINGS], fri: [WEEKDAY_MORNINGS] },
	walkInShare: 0,
	horizonDays: 30,
	minNoticeMinutes: 120
};

for (const engine of engines()) {
	describe(`appointments on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let manager: Actor;
		let n = 0;
		const citizen = (extra: Record<string, unknown> = {}) => ({ cpf: cpf(++n), name: 'Maria da Silva', email: 'maria@example.org', ...extra });
		const book = (start: string, who: Record<string, unknown> = citizen(), service = unit.services.iptu) =>
			bookAppointment(t.deps, ANONYMOUS, { unit: unit.slug, service, start, citizen: who }, ORIGIN);
		const count = async () => Number((await handle.db.selectFrom('appointments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

		beforeAll(async () => {
			handle = await engine.open();
			// Monday 9 March 2026, 09:00 in São Paulo.
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			unit = await givenUnit(handle.db);
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: TEMPLATE });
		});
		afterAll(() => handle.close());

		it('lets only managers of the unit set capacity, and audits it', async () => {
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			expect(await codeOf(setCapacity(t.deps, clerk, unit.slug, unit.services.iptu, { template: TEMPLATE }))).toBe('forbidden');
			const bad = await errorOf(setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: { ...TEMPLATE, walkInShare: 2 } }));
			expect(bad.code).toBe('invalid_input');
			const log = await handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', `${unit.slug}/${unit.services.iptu}`).execute();
			expect(log.map((r) => r.action)).toContain('appointment_capacity.set');
		});

		it('offers the slots of a day in the unit zone, after the minimum notice', async () => {
			const today = await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-09');
			// 09:00 now + 2 h notice: the first bookable slot is 11:00 (11:00 and 11:20, 11:40).
			expect(today.map((s) => s.start)).toEqual(['2026-03-09T11:00:00-03:00', '2026-03-09T11:20:00-03:00', '2026-03-09T11:40:00-03:00']);
			const tomorrow = await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-10');
			expect(tomorrow).toHaveLength(12);
			expect(tomorrow[0]).toEqual({ start: '2026-03-10T08:00:00-03:00', end: '2026-03-10T08:20:00-03:00', free: 2 });
			expect(await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-14')).toEqual([]); // Saturday
			expect(await codeOf(slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-02-30'))).toBe('invalid_input');
			expect(await codeOf(slotsOfDate(t.deps, unit.slug, unit.services.alvara, '2026-03-10'))).toBe('slot_not_offered');
		});

		it('books the last places of a slot exactly once under 200 concurrent requests', async () => {
			const start = '2026-03-10T09:00:00-03:00';
			const results = await Promise.allSettled(Array.from({ length: 200 }, () => book(start)));
			const ok = results.filter((r) => r.status === 'fulfilled');
			const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
			expect(ok).toHaveLength(2);
			expect(failed).toHaveLength(198);
			for (const f of failed) {
				expect(f.reason).toBeInstanceOf(VezError);
				expect(f.reason.code).toBe('slot_full');
				expect(f.reason.status).toBe(409);
				expect(f.reason.message).toMatch(/taken/);
			}
			const slot = (await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-10')).find((s) => s.start === start);
			expect(slot?.free).toBe(0);
			const held = await handle.db.selectFrom('appointments').select('id').where('start_at', '=', new Date(start)).where('status', '=', 'booked').execute();
			expect(held).toHaveLength(2);
		});

		it('refuses bad input clearly and books nothing', async () => {
			const before = await count();
			const cases: [string, () => Promise<unknown>, string, Record<string, string>][] = [
				['past', () => book('2026-03-09T08:00:00-03:00'), 'slot_not_offered', { start: 'past' }],
				['too soon', () => book('2026-03-09T10:00:00-03:00'), 'slot_not_offered', { start: 'too_soon' }],
				['outside the template', () => book('2026-03-10T13:00:00-03:00'), 'slot_not_offered', { start: 'not_a_slot' }],
				['off the grid', () => book('2026-03-10T08:10:00-03:00'), 'slot_not_offered', { start: 'not_a_slot' }],
				['weekend', () => book('2026-03-14T09:00:00-03:00'), 'slot_not_offered', { start: 'closed' }],
				// Good Friday 2026 is 3 April.
				['holiday', () => book('2026-04-03T09:00:00-03:00'), 'slot_not_offered', { start: 'holiday' }],
				['beyond the horizon', () => book('2026-05-04T09:00:00-03:00'), 'slot_not_offered', { start: 'beyond_horizon' }],
				['invalid CPF', () => book('2026-03-10T10:00:00-03:00', citizen({ cpf: '123.456.789-00' })), 'invalid_input', { 'citizen.cpf': 'CPF inválido' }],
				['no contact', () => book('2026-03-10T10:00:00-03:00', { cpf: cpf(++n), name: 'Ana' }), 'invalid_input', { 'citizen.email': 'Informe e-mail ou telefone' }],
				['no offset', () => book('2026-03-10T10:00:00'), 'invalid_input', {}]
			];
			for (const [name, p, code, fields] of cases) {
				const e = await errorOf(p());
				expect(e.code, name).toBe(code);
				expect(e.fields, name).toMatchObject(fields);
			}
			expect(await count()).toBe(before);
		});

		it('keeps one active appointment per CPF and service, sends the confirmation and manages by token', async () => {
			const who = citizen();
			const booked = await book('2026-03-11T10:00:00-03:00', who);
			expect(booked.code).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}-[2-9A-Z]{3}$/);
			expect(booked.start).toBe('2026-03-11T10:00:00-03:00');
			expect(booked.icsUrl).toBe(`${ORIGIN}/api/v1/appointments/${booked.code}.ics`);
			const token = booked.manageUrl.split('/book/manage/')[1];
			expect(token.length).toBeGreaterThanOrEqual(32);
			// Stored hashed only.
			expect(await handle.db.selectFrom('appointments').select('id').where('manage_token_hash', '=', token).executeTakeFirst()).toBeUndefined();
			const mail = await handle.db.selectFrom('mail_outbox').selectAll().where('ref', '=', booked.code).executeTakeFirstOrThrow();
			expect(mail.kind).toBe('appointment_confirmation');
			expect(mail.text_body).toContain('10:00');

			expect(await codeOf(book('2026-03-12T10:00:00-03:00', who))).toBe('already_booked');
			expect((await appointmentByToken(handle.db, token)).code).toBe(booked.code);
			expect(await codeOf(appointmentByToken(handle.db, 'forged-token-forged-token'))).toBe('appointment_not_found');
			const forged = await errorOf(cancelAppointment(t.deps, booked.code, { token: 'x'.repeat(32) }, ADDRESS));
			expect([forged.code, forged.status]).toEqual(['invalid_manage_token', 403]);

			const ics = await appointmentIcsFile(t.deps, booked.code, ORIGIN, ADDRESS);
			expect(ics.body).toContain('DTSTART;TZID=America/Sao_Paulo:20260311T100000');
			expect(ics.body).toContain('BEGIN:VALARM');

			const moved = await rescheduleAppointment(t.deps, booked.code, { token, start: '2026-03-11T10:20:00-03:00' }, ADDRESS);
			expect(moved.start).toBe('2026-03-11T10:20:00-03:00');
			const slots = await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-11');
			expect(slots.find((s) => s.start === '2026-03-11T10:00:00-03:00')?.free).toBe(2);
			expect(slots.find((s) => s.start === '2026-03-11T10:20:00-03:00')?.free).toBe(1);

			await cancelAppointment(t.deps, booked.code, { token }, ADDRESS);
			expect(await codeOf(cancelAppointment(t.deps, booked.code, { token }, ADDRESS))).toBe('appointment_not_active');
			expect((await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-11')).find((s) => s.start === '2026-03-11T10:20:00-03:00')?.free).toBe(2);
			// Cancelled, the CPF may book again.
			expect((await book('2026-03-12T10:00:00-03:00', who)).start).toBe('2026-03-12T10:00:00-03:00');
		});

		it('checks in at the kiosk: too early, on time (called at its time ahead of walk-ins), once only, late as walk-in', async () => {
			const device = kiosk(unit.id);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const who = citizen();
			const booked = await book('2026-03-13T10:00:00-03:00', who);
			const late = await book('2026-03-13T08:00:00-03:00');

			t.clock.now = new Date('2026-03-13T12:20:00Z'); // 09:20, 40 min before
			const early = await errorOf(checkInAtKiosk(t.deps, device, unit.slug, { appointment: booked.code }, ORIGIN));
			expect([early.code, early.fields?.comeBackTime]).toEqual(['check_in_too_early', '09:30']);

			t.clock.now = new Date('2026-03-13T12:40:00Z'); // 09:40
			const walkIn = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN);
			t.clock.now = new Date('2026-03-13T12:45:00Z');
			const ticket = await checkInAtKiosk(t.deps, device, unit.slug, { appointment: who.cpf }, ORIGIN);
			expect(ticket.appointment).toEqual({ code: booked.code, start: '2026-03-13T13:00:00.000Z', outcome: 'on_time' });
			expect(await codeOf(checkInAtKiosk(t.deps, device, unit.slug, { appointment: booked.code.toLowerCase() }, ORIGIN))).toBe('appointment_not_active');

			// A code booked at another unit says where to go instead of "not found".
			const elsewhere = await givenUnit(handle.db);
			const wrongPlace = await errorOf(checkInAtKiosk(t.deps, kiosk(elsewhere.id), elsewhere.slug, { appointment: late.code }, ORIGIN));
			expect([wrongPlace.code, wrongPlace.fields?.appointment]).toEqual(['appointment_not_found', 'other_unit']);
			expect(wrongPlace.message).toContain(`Unidade ${unit.slug}`);

			const lateTicket = await checkInAtKiosk(t.deps, device, unit.slug, { appointment: late.code }, ORIGIN);
			expect(lateTicket.appointment?.outcome).toBe('late_walk_in');

			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu] });
			// Before 10:00 the walk-in who came first goes first; at 10:00 the appointment is due.
			t.clock.now = new Date('2026-03-13T13:00:00Z');
			const first = await callNext(t.deps, clerk, unit.counters[0].id);
			expect(first?.number).toBe(ticket.number);
			expect(first?.number).not.toBe(walkIn.number);
			const row = await handle.db.selectFrom('appointments').select('status').where('code', '=', booked.code).executeTakeFirstOrThrow();
			expect(row.status).toBe('checked_in');

			expect(await codeOf(checkInAtKiosk(t.deps, device, unit.slug, { appointment: 'ABC-DEF-GHJ' }, ORIGIN))).toBe('invalid_input');
		});
		it('tells a check-in at a closed unit that the unit is closed and when it opens, before judging the appointment', async () => {
			const fridays = await givenUnit(handle.db, { hours: { fri: [['09:00', '17:00']] }, settings: {} });
			await setCapacity(t.deps, await givenUser(handle.db, 'manager', [fridays.id]), fridays.slug, fridays.services.iptu, { template: TEMPLATE });
			const booked = await bookAppointment(t.deps, ANONYMOUS, { unit: fridays.slug, service: fridays.services.iptu, start: '2026-03-20T10:00:00-03:00', citizen: citizen() }, ORIGIN);
			t.clock.now = new Date('2026-03-20T11:00:00Z'); // Friday 08:00: the unit opens at 09:00, the appointment is at 10:00
			const closed = await errorOf(checkInAtKiosk(t.deps, kiosk(fridays.id), fridays.slug, { appointment: booked.code }, ORIGIN));
			expect([closed.code, closed.fields?.opensAt]).toEqual(['unit_closed', '2026-03-20T12:00:00.000Z']);
		});
		it('sends one reminder the day before even with two runners, and marks no-shows after the window', async () => {
			t.clock.now = new Date('2026-03-16T12:00:00Z'); // Monday 09:00
			const tomorrow = await book('2026-03-17T09:00:00-03:00');
			const today = await book('2026-03-16T11:20:00-03:00');
			expect((await Promise.all([sendReminders(t.deps), sendReminders(t.deps)])).reduce((a, b) => a + b)).toBe(1);
			expect(await sendReminders(t.deps)).toBe(0);
			const reminders = await handle.db.selectFrom('mail_outbox').select(['kind', 'text_body']).where('ref', '=', tomorrow.code).where('kind', '=', 'appointment_reminder').execute();
			expect(reminders).toHaveLength(1);
			expect(reminders[0].text_body).toContain('09:00');

			t.clock.now = new Date('2026-03-16T14:35:00Z'); // 11:35: the 11:20 window closed at 11:35
			await markNoShows(t.deps); // earlier tests' appointments nobody came for
			const status = async () => (await handle.db.selectFrom('appointments').select('status').where('code', '=', today.code).executeTakeFirstOrThrow()).status;
			expect(await status()).toBe('booked');
			t.clock.now = new Date('2026-03-16T14:36:00Z');
			expect((await Promise.all([markNoShows(t.deps), markNoShows(t.deps)])).reduce((a, b) => a + b)).toBe(1);
			expect(await status()).toBe('no_show');
			const row = await handle.db.selectFrom('appointments').select('status').where('code', '=', today.code).executeTakeFirstOrThrow();
			expect(row.status).toBe('no_show');
			// Late, the citizen still gets an ordinary ticket.
			const late = await checkInAtKiosk(t.deps, kiosk(unit.id), unit.slug, { appointment: today.code }, ORIGIN);
			expect(late.appointment?.outcome).toBe('late_walk_in');
		});
		it("shows managers the unit's day: slots, appointments with masked CPF and counts by status, each name read audited", async () => {
			const VIA = { via: 'screen /manage/appointments' };
			const reads = () =>
				handle.db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', 'appointment.read').where(sql<boolean>`details @> ${JSON.stringify({ date: '2026-03-10', unit: unit.slug })}::jsonb`).execute();
			const before = (await reads()).length;
			const view = await appointmentDay(t.deps, manager, unit.slug, '2026-03-10', VIA);
			const iptu = view.services.find((s) => s.code === unit.services.iptu)!;
			expect(iptu.slots).toHaveLength(12);
			expect(iptu.slots.find((s) => s.start === '2026-03-10T09:00:00-03:00')).toMatchObject({ places: 2, booked: 2, free: 0 });
			expect(iptu.counts.booked + iptu.counts.no_show).toBe(iptu.appointments.length);
			expect(iptu.appointments[0].cpf).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
			// One audit row per appointment shown with a name, naming the reader, the screen and the citizen's keyed reference.
			const named = view.services.flatMap((s) => s.appointments).filter((a) => a.citizenName !== null);
			expect(named.length).toBeGreaterThan(0);
			const rows = (await reads()).slice(before);
			expect(rows.map((r) => r.entity_id).sort()).toEqual(named.map((a) => a.code).sort());
			const stored = await handle.db.selectFrom('appointments').select('citizen_cpf').where('code', '=', named[0].code).executeTakeFirstOrThrow();
			expect(rows.find((r) => r.entity_id === named[0].code)).toMatchObject({
				actor: `user:${(manager as { username: string }).username}`,
				details: { via: VIA.via, citizen: await citizenRef(handle.db, stored.citizen_cpf!) }
			});
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			expect(await codeOf(appointmentDay(t.deps, clerk, unit.slug, '2026-03-10', VIA))).toBe('forbidden');
			expect(await reads()).toHaveLength(before + named.length);
			t.clock.now = new Date('2026-03-10T15:00:00Z');
			const counts = (await todayAppointmentCounts(t.deps, [unit.slug]))[unit.slug];
			expect(counts.booked + counts.no_show + counts.checked_in + counts.cancelled).toBe(iptu.appointments.length);
		});
		it('lets one CPF hold one active appointment even when it books several slots at once', async () => {
			t.clock.now = new Date('2026-03-09T12:00:00Z');
			const who = citizen();
			const starts = ['08:00', '08:20', '08:40', '09:20', '09:40', '10:40'].map((h) => `2026-03-18T${h}:00-03:00`);
			const results = await Promise.allSettled(starts.map((s) => book(s, who)));
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			for (const r of results) if (r.status === 'rejected') expect((r.reason as VezError).code).toBe('already_booked');
			const taken = await handle.db.selectFrom('appointment_slots').select('booked').where('unit_id', '=', unit.id).where('start_at', 'in', starts.map((s) => new Date(s))).execute();
			expect(taken.reduce((n, r) => n + r.booked, 0)).toBe(1);
		});

		it("cuts slots in the unit's own zone (Acre, UTC−5)", async () => {
			const acre = await givenUnit(handle.db, { timezone: 'America/Rio_Branco' });
			const boss = await givenUser(handle.db, 'manager', [acre.id]);
			await setCapacity(t.deps, boss, acre.slug, acre.services.iptu, { template: TEMPLATE });
			t.clock.now = new Date('2026-03-09T12:00:00Z'); // 07:00 in Rio Branco
			const slots = await slotsOfDate(t.deps, acre.slug, acre.services.iptu, '2026-03-09');
			// 07:00 + 2 h notice: 09:00 local is 14:00 UTC.
			expect(slots[0].start).toBe('2026-03-09T09:00:00-05:00');
			const booked = await bookAppointment(t.deps, ANONYMOUS, { unit: acre.slug, service: acre.services.iptu, start: '2026-03-09T14:00:00Z', citizen: citizen() }, ORIGIN);
			expect(booked.start).toBe('2026-03-09T09:00:00-05:00');
		});
		it('lets a manager close one date to bookings, audited, keeping the template', async () => {
			t.clock.now = new Date('2026-03-09T12:00:00Z');
			expect(await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-24')).toHaveLength(12);
			await closeDate(t.deps, manager, unit.slug, unit.services.iptu, { date: '2026-03-24', reason: 'Dedetização' });
			expect(await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-24')).toEqual([]);
			expect(await slotsOfDate(t.deps, unit.slug, unit.services.iptu, '2026-03-25')).toHaveLength(12);
			const e = await errorOf(book('2026-03-24T09:00:00-03:00'));
			expect([e.code, e.fields?.start]).toEqual(['slot_not_offered', 'closed']);
			expect(await codeOf(closeDate(t.deps, manager, unit.slug, unit.services.iptu, { date: '2026-02-30' }))).toBe('invalid_input');
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: TEMPLATE });
		});
	});
}
