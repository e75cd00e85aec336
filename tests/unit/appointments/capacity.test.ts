import { describe, expect, it } from 'vitest';
import {
	CapacityExceptionSchema,
	CapacityExceptionsSchema,
	CapacityTemplateSchema,
	bookablePlaces,
	type CapacityTemplate
} from '$lib/appointments/capacity';

const window = (start: string, end: string, slotMinutes = 20, places = 2) => ({ start, end, slotMinutes, places });

describe('CapacityTemplateSchema', () => {
	it('accepts a Mon–Fri morning template and a window ending at 24:00', () => {
		const raw = {
			windows: { mon: [window('08:00', '12:00'), window('13:00', '17:00')], sat: [window('20:00', '24:00', 60, 1)] },
			walkInShare: 0.25,
			horizonDays: 30,
			minNoticeMinutes: 120
		};
		const parsed: CapacityTemplate = CapacityTemplateSchema.parse(raw);
		expect(parsed).toEqual(raw);
	});

	it('rejects overlapping windows, a window too short for one slot and bad times', () => {
		const base = { walkInShare: 0, horizonDays: 30, minNoticeMinutes: 0 };
		expect(CapacityTemplateSchema.safeParse({ ...base, windows: { mon: [window('08:00', '12:00'), window('11:00', '13:00')] } }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...base, windows: { mon: [window('08:00', '08:15', 20)] } }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...base, windows: { mon: [window('8:00', '12:00')] } }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...base, windows: { mon: [window('08:00', '24:30')] } }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...base, windows: { mon: [window('08:00', '12:00', 20, 0)] } }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...base, windows: { funday: [window('08:00', '12:00')] } }).success).toBe(false);
	});

	it('keeps walkInShare within 0..1 and horizon and notice whole and non-negative', () => {
		const ok = { windows: {}, walkInShare: 0, horizonDays: 30, minNoticeMinutes: 120 };
		expect(CapacityTemplateSchema.safeParse(ok).success).toBe(true);
		expect(CapacityTemplateSchema.safeParse({ ...ok, walkInShare: 1.2 }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...ok, walkInShare: -0.1 }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...ok, horizonDays: 2.5 }).success).toBe(false);
		expect(CapacityTemplateSchema.safeParse({ ...ok, minNoticeMinutes: -1 }).success).toBe(false);
	});
});

describe('CapacityExceptionSchema', () => {
	it('accepts a closed date and a reduced date with its windows', () => {
		expect(CapacityExceptionSchema.parse({ date: '2026-03-11', kind: 'closed' })).toEqual({ date: '2026-03-11', kind: 'closed' });
		expect(
			CapacityExceptionSchema.safeParse({ date: '2026-03-12', kind: 'reduced', windows: [window('08:00', '10:00', 30, 1)] }).success
		).toBe(true);
	});

	it('rejects an impossible date, an unknown kind and a reduced day with bad windows', () => {
		expect(CapacityExceptionSchema.safeParse({ date: '2026-02-30', kind: 'closed' }).success).toBe(false);
		expect(CapacityExceptionSchema.safeParse({ date: '2026-03-12', kind: 'holiday' }).success).toBe(false);
		expect(
			CapacityExceptionSchema.safeParse({ date: '2026-03-12', kind: 'reduced', windows: [window('10:00', '08:00')] }).success
		).toBe(false);
	});

	it('allows one exception per date', () => {
		const list = [
			{ date: '2026-03-11', kind: 'closed' },
			{ date: '2026-03-11', kind: 'reduced', windows: [window('08:00', '10:00')] }
		];
		expect(CapacityExceptionsSchema.safeParse(list).success).toBe(false);
		expect(CapacityExceptionsSchema.safeParse(list.slice(0, 1)).success).toBe(true);
	});
});

describe('bookablePlaces', () => {
	it('rounds the walk-in part up so walk-ins keep at least their share', () => {
		expect(bookablePlaces(2, 0)).toBe(2);
		expect(bookablePlaces(2, 0.25)).toBe(1);
		expect(bookablePlaces(2, 0.5)).toBe(1);
		expect(bookablePlaces(10, 0.3)).toBe(7);
		expect(bookablePlaces(10, 0.1)).toBe(9);
		expect(bookablePlaces(1, 0.01)).toBe(0);
		expect(bookablePlaces(4, 1)).toBe(0);
	});
});
