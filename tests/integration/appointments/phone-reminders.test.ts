// Appointment reminders on the visitor's phone: the booking's opt-in and consent, the unit's leads,
// the reminder job, the visitor-message outbox and the real adapters against the virtual phone
// (the providers' recording stand-in), on both engines.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser, type GivenUnit } from '../given';
import { ANONYMOUS, type Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { setCapacity } from '../../../src/lib/appointments/capacity.server';
import { bookAppointment, cancelAppointment, rescheduleAppointment } from '../../../src/lib/appointments/book.server';
import { queueAppointmentReminders } from '../../../src/lib/appointments/reminders.server';
import { drainVisitorMessages } from '../../../src/lib/notify/send-messages.server';
import { startVirtualPhone, type VirtualPhone } from '../../../src/lib/notify/virtual-phone.server';
import { unitForAdmin, updateReminderSettings } from '../../../src/lib/units/admin-units.server';
import { anonymiseCitizen, citizenReport } from '../../../src/lib/citizens/lgpd.server';
import { listFailedMessages, retryFailedMessage } from '../../../src/lib/notify/failed-messages.server';
import { statsReport } from '../../../src/lib/stats/reports.server';
import { phoneProviders } from '../phone-providers';

const ORIGIN = 'http://vez.test';
const ADDRESS = '203.0.113.20';
const WINDOW = { start: '08:00', end: '12:00', slotMinutes: 20, places: 4 };
const TEMPLATE = {
	windows: { mon: [WINDOW], tue: [WINDOW], wed: [WINDOW], thu: [WINDOW], fri: [WINDOW] },
	walkInShare: 0,
	horizonDays: 30,
	minNoticeMinutes: 60
};
const cpf = (n: number) => {
	const base = String(200_000_000 + n).slice(0, 9);
	return base + cpfCheckDigits(base);
};

for (const engine of engines()) {
	describe(`appointment reminders on the phone on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let admin: Actor;
		let phone: VirtualPhone;
		let n = 0;

		beforeAll(async () => {
			handle = await engine.open();
			// Monday 9 March 2026, 09:00 in São Paulo.
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			phone = await startVirtualPhone({ port: 0 });
			t.deps.config = {
				...t.deps.config,
				providers: phoneProviders(phone)
			};
			unit = await givenUnit(handle.db);
			admin = await givenUser(handle.db, 'admin');
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: TEMPLATE });
		});
		afterAll(async () => {
			await phone.close();
			await handle.close();
		});
		beforeEach(() => phone.clear());

		const at = (iso: string) => (t.clock.now = new Date(iso));
		const book = (start: string, notify?: { channel: string; phone: string }, lang: 'pt-BR' | 'en' | 'es' = 'pt-BR', extra: Record<string, unknown> = {}) =>
			bookAppointment(
				t.deps,
				ANONYMOUS,
				{ unit: unit.slug, service: unit.services.iptu, start, citizen: { cpf: cpf(++n), name: 'Maria da Silva', email: 'maria@example.org', ...extra }, ...(notify && { notify }) },
				ORIGIN,
				ADDRESS,
				null,
				lang
			);
		const manageToken = (manageUrl: string) => manageUrl.split('/').pop()!;
		/** What the background does: queue the reminders due, send them. */
		const pump = async () => {
			const queued = await queueAppointmentReminders(t.deps);
			await drainVisitorMessages(t.deps);
			return queued;
		};
		const received = (to: string) => phone.messages().filter((m) => m.to === to);

		it('reminds the day before and two hours before, in the visitor’s language, once each; nothing for a cancelled booking or one without opt-in', async () => {
			at('2026-03-09T12:00:00Z');
			const a = await book('2026-03-10T10:00:00-03:00', { channel: 'whatsapp', phone: '(48) 99999-0101' }, 'en');
			const b = await book('2026-03-10T10:00:00-03:00', { channel: 'sms', phone: '48 99999 0102' });
			await book('2026-03-10T10:20:00-03:00', undefined, 'pt-BR', { phone: '48999990103' });
			const d = await book('2026-03-10T10:20:00-03:00', { channel: 'sms', phone: '48999990104' });
			await cancelAppointment(t.deps, d.code, { token: manageToken(d.manageUrl) }, ADDRESS);
			expect(await pump()).toBe(0);

			// Monday 10:00 local: the day-before reminders of the 10:00 bookings.
			at('2026-03-09T13:00:05Z');
			expect(await pump()).toBe(2);
			const toA = received('+5548999990101');
			expect(toA).toHaveLength(1);
			expect(toA[0].template).toEqual({
				name: 'vez_appointment_reminder',
				language: 'en',
				params: ['Serviço iptu', `Unidade ${unit.slug}`, 'Tuesday, March 10, 2026 at 10:00', a.code]
			});
			expect(received('+5548999990102').map((m) => m.text)).toEqual([
				`Lembrete: seu atendimento de Serviço iptu em Unidade ${unit.slug} é terça-feira, 10 de março de 2026 às 10:00. Ao chegar, digite o código ${b.code} no totem.`
			]);
			// The job running again, from this or another process, writes nothing twice.
			expect(await pump()).toBe(0);

			// Tuesday 08:00 local: two hours before.
			at('2026-03-10T11:00:30Z');
			expect(await pump()).toBe(2);
			expect(received('+5548999990101')).toHaveLength(2);
			expect(received('+5548999990102')).toHaveLength(2);
			// 08:20: the 10:20 bookings — one without opt-in, one cancelled — get nothing.
			at('2026-03-10T11:20:30Z');
			expect(await pump()).toBe(0);
			expect(received('+5548999990103')).toEqual([]);
			expect(received('+5548999990104')).toEqual([]);
		});

		it('owes only the reminders whose moment comes after the booking or reschedule, and drops one queued before a cancel', async () => {
			// Booked Wednesday 08:30 for 10:40: the day-before moment passed already, only the two-hour one is owed.
			at('2026-03-11T11:30:00Z');
			const late = await book('2026-03-11T10:40:00-03:00', { channel: 'sms', phone: '48999990201' });
			expect(await pump()).toBe(0);
			at('2026-03-11T11:40:10Z');
			expect(await pump()).toBe(1);
			expect(received('+5548999990201')).toHaveLength(1);

			// Rescheduled to Thursday 10:40 on Wednesday 09:00: Thursday's reminders are owed again.
			at('2026-03-11T12:00:00Z');
			await rescheduleAppointment(t.deps, late.code, { token: manageToken(late.manageUrl), start: '2026-03-12T10:40:00-03:00' }, ADDRESS);
			at('2026-03-11T13:40:10Z');
			expect(await pump()).toBe(1);
			expect(received('+5548999990201')).toHaveLength(2);

			// Queued, then cancelled before it went out: it is dropped, not sent.
			at('2026-03-12T11:40:10Z');
			expect(await queueAppointmentReminders(t.deps)).toBe(1);
			await cancelAppointment(t.deps, late.code, { token: manageToken(late.manageUrl) }, ADDRESS);
			expect(await drainVisitorMessages(t.deps)).toMatchObject({ claimed: 1, dropped: 1, sent: 0 });
			expect(received('+5548999990201')).toHaveLength(2);
		});

		it('follows the unit’s leads, and sends none when the unit sets none', async () => {
			expect((await unitForAdmin(t.deps, admin, unit.slug)).reminders).toEqual({ minutes: [1440, 120] });
			expect(await codeOf(updateReminderSettings(t.deps, admin, unit.slug, { minutes: [30, 30] }))).toBe('invalid_input');
			expect(await codeOf(updateReminderSettings(t.deps, admin, unit.slug, { minutes: [20_000] }))).toBe('invalid_input');
			// The admin screen sends the leads as people write them.
			expect(await codeOf(updateReminderSettings(t.deps, admin, unit.slug, { minutes: 'amanhã, 2 h' }))).toBe('invalid_input');
			await updateReminderSettings(t.deps, admin, unit.slug, { minutes: '24 h, 90 min' });
			expect((await unitForAdmin(t.deps, admin, unit.slug)).reminders).toEqual({ minutes: [1440, 90] });
			await updateReminderSettings(t.deps, admin, unit.slug, { minutes: [30] });
			at('2026-03-13T11:00:00Z');
			await book('2026-03-13T10:00:00-03:00', { channel: 'whatsapp', phone: '48999990301' });
			at('2026-03-13T12:30:05Z');
			expect(await pump()).toBe(1);
			expect(received('+5548999990301')).toHaveLength(1);

			await updateReminderSettings(t.deps, admin, unit.slug, { minutes: [] });
			at('2026-03-16T11:00:00Z');
			await book('2026-03-16T10:00:00-03:00', { channel: 'whatsapp', phone: '48999990302' });
			at('2026-03-16T12:59:00Z');
			expect(await pump()).toBe(0);
			await updateReminderSettings(t.deps, admin, unit.slug, { minutes: [1440, 120] });
		});

		it('lists a reminder the provider refused for the unit’s managers, counts it in the report, and sends it again by hand while the appointment is ahead', async () => {
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const failedCount = async () => (await statsReport(t.deps, manager, { from: '2026-03-24', to: '2026-03-24' })).reach.failedMessages;
			const failedReminders = async () => (await listFailedMessages(t.deps, manager)).filter((m) => m.kind === 'reminder');
			at('2026-03-23T12:00:00Z');
			const kept = await book('2026-03-24T10:00:00-03:00', { channel: 'sms', phone: '48999990601' });
			const dropped = await book('2026-03-24T10:20:00-03:00', { channel: 'sms', phone: '48999990602' });
			phone.failNext('zenvia', 400, 2);
			// Monday 10:20 local: both day-before reminders are due; the provider refuses both.
			at('2026-03-23T13:20:05Z');
			await pump();
			expect(received('+5548999990601')).toEqual([]);
			expect(await failedCount()).toBe(2);
			const listed = await failedReminders();
			// A reminder has no ticket; its booking code opens the appointment, so it is not shown.
			expect(listed.map((m) => [m.ticketNumber, m.retryable])).toEqual([
				[null, true],
				[null, true]
			]);
			expect(JSON.stringify(listed)).not.toContain(kept.code);

			await cancelAppointment(t.deps, dropped.code, { token: manageToken(dropped.manageUrl) }, ADDRESS);
			const [forDropped, forKept] = await failedReminders();
			expect(forDropped.retryable).toBe(false);
			expect(await codeOf(retryFailedMessage(t.deps, manager, forDropped.id))).toBe('invalid_transition');
			expect(forKept.retryable).toBe(true);
			await retryFailedMessage(t.deps, manager, forKept.id);
			await drainVisitorMessages(t.deps);
			expect(received('+5548999990601')).toHaveLength(1);
			expect(await failedCount()).toBe(1);
			await cancelAppointment(t.deps, kept.code, { token: manageToken(kept.manageUrl) }, ADDRESS);
		});

		it('refuses a channel with no provider and a number that is not a mobile, booking nothing', async () => {
			at('2026-03-17T12:00:00Z');
			const providers = t.deps.config.providers;
			t.deps.config = { ...t.deps.config, providers: { ...providers, sms: null } };
			try {
				expect(await codeOf(book('2026-03-18T10:00:00-03:00', { channel: 'sms', phone: '48999990401' }))).toBe('channel_unavailable');
			} finally {
				t.deps.config = { ...t.deps.config, providers };
			}
			const landline = await errorOf(book('2026-03-18T10:00:00-03:00', { channel: 'whatsapp', phone: '(48) 3222-0000' }));
			expect(landline.code).toBe('invalid_input');
			expect(landline.fields).toEqual({ 'notify.phone': 'not_mobile' });
			const count = await handle.db.selectFrom('appointments').select('id').where('start_at', '=', new Date('2026-03-18T13:00:00Z')).execute();
			expect(count).toEqual([]);
		});

		it('shows the reminders’ consent in the citizen’s LGPD report, and anonymisation forgets the number', async () => {
			at('2026-03-19T12:00:00Z');
			const who = cpf(++n);
			await bookAppointment(
				t.deps,
				ANONYMOUS,
				{ unit: unit.slug, service: unit.services.iptu, start: '2026-03-20T09:00:00-03:00', citizen: { cpf: who, name: 'Ana Souza', email: 'ana@example.org' }, notify: { channel: 'sms', phone: '48999990501' } },
				ORIGIN,
				ADDRESS,
				null,
				'es'
			);
			const report = await citizenReport(t.deps, admin, { cpf: who });
			expect(report.appointments[0].reminders).toEqual({
				channel: 'sms',
				phone: '+5548999990501',
				consentText: expect.stringContaining('Al elegir un canal, autorizo el envío de recordatorios'),
				consentAt: expect.stringMatching(/^2026-03-19T/)
			});
			await anonymiseCitizen(t.deps, admin, { cpf: who, reason: 'pedido do titular' });
			const row = await handle.db.selectFrom('appointments').select(['reminder_phone', 'reminder_consent_at', 'status']).where('citizen_name', 'is', null).where('start_at', '=', new Date('2026-03-20T12:00:00Z')).executeTakeFirstOrThrow();
			expect(row.reminder_phone).toBeNull();
			expect(row.reminder_consent_at).not.toBeNull();
			expect(row.status).toBe('cancelled');
			at('2026-03-20T10:00:10Z');
			expect(await pump()).toBe(0);
		});
	});
}
