import { describe, expect, it } from 'vitest';
import { dueReminder, leadText, reminderLeadsFromText, reminderRequest } from '$lib/appointments/reminders';

const START = new Date('2026-03-10T13:00:00Z');
const at = (iso: string) => new Date(iso);
const LEADS = [1440, 120];

describe('dueReminder', () => {
	const booked = at('2026-03-01T12:00:00Z');
	it('is due from each reminder’s moment on, the latest first', () => {
		expect(dueReminder({ start: START, from: booked, leads: LEADS, now: at('2026-03-09T12:59:59Z') })).toBeNull();
		expect(dueReminder({ start: START, from: booked, leads: LEADS, now: at('2026-03-09T13:00:00Z') })).toBe(1440);
		expect(dueReminder({ start: START, from: booked, leads: LEADS, now: at('2026-03-10T10:59:00Z') })).toBe(1440);
		expect(dueReminder({ start: START, from: booked, leads: LEADS, now: at('2026-03-10T11:00:00Z') })).toBe(120);
	});

	it('never owes a reminder whose moment came before the booking', () => {
		const late = at('2026-03-10T08:00:00Z');
		expect(dueReminder({ start: START, from: late, leads: LEADS, now: at('2026-03-10T09:00:00Z') })).toBeNull();
		expect(dueReminder({ start: START, from: late, leads: LEADS, now: at('2026-03-10T11:00:01Z') })).toBe(120);
		expect(dueReminder({ start: START, from: at('2026-03-10T11:30:00Z'), leads: LEADS, now: at('2026-03-10T12:00:00Z') })).toBeNull();
	});

	it('sends nothing once the appointment’s time has come, nor when the unit sets no leads', () => {
		expect(dueReminder({ start: START, from: booked, leads: LEADS, now: START })).toBeNull();
		expect(dueReminder({ start: START, from: booked, leads: [], now: at('2026-03-10T12:00:00Z') })).toBeNull();
	});

	it('after a server was down past several moments, owes only the latest one', () => {
		expect(dueReminder({ start: START, from: booked, leads: [2880, 1440, 120], now: at('2026-03-10T12:00:00Z') })).toBe(120);
	});
});

describe('reminder leads as the admin writes them', () => {
	it('reads hours and minutes, longest first; a bare number is hours', () => {
		expect(reminderLeadsFromText('24 h, 2 h')).toEqual([1440, 120]);
		expect(reminderLeadsFromText('90 min; 48')).toEqual([2880, 90]);
		expect(reminderLeadsFromText('  ')).toEqual([]);
	});
	it('leaves what it cannot read as NaN for the schema to refuse', () => {
		expect(reminderLeadsFromText('amanhã, 2 h')).toEqual([120, Number.NaN]);
	});
	it('writes leads back the same way', () => {
		expect([1440, 120, 90].map(leadText)).toEqual(['24 h', '2 h', '90 min']);
	});
});

describe('reminderRequest', () => {
	it('asks reminders on the phone channel chosen, with the number typed', () => {
		expect(reminderRequest('whatsapp', '48 99999-0000')).toEqual({ channel: 'whatsapp', phone: '48 99999-0000' });
		expect(reminderRequest('sms', '48 99999-0000')).toEqual({ channel: 'sms', phone: '48 99999-0000' });
	});
	it('asks none for "no reminders" or a channel that carries no reminders', () => {
		expect(reminderRequest('', '48 99999-0000')).toBeUndefined();
		expect(reminderRequest('webpush', '48 99999-0000')).toBeUndefined();
	});
});
