import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { CapacityException, CapacityTemplate, CapacityWindow } from '$lib/appointments/capacity';
import {
	checkSlot,
	daySlots,
	daysWithFreeSlots,
	lastBookableDate,
	nextFreeDay,
	slotKey,
	slotsForDate,
	whyNotOffered,
	windowsForDate,
	type SlotContext
} from '$lib/appointments/slots';
import { FEDERAL_OPTIONAL_DAYS, type MunicipalHoliday } from '$lib/units/holidays';

const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const MORNING: CapacityWindow[] = [{ start: '08:00', end: '12:00', slotMinutes: 20, places: 2 }];
const TEMPLATE: CapacityTemplate = {
	windows: { mon: MORNING, tue: MORNING, wed: MORNING, thu: MORNING, fri: MORNING },
	walkInShare: 0,
	horizonDays: 30,
	minNoticeMinutes: 120
};
const SAO_JOSE: MunicipalHoliday = { kind: 'date', month: 3, day: 19, name: 'São José', legalAct: 'Lei municipal 1/1990' };
const at = (iso: string) => new Date(iso);

function ctx(over: Partial<SlotContext> = {}): SlotContext {
	return {
		template: TEMPLATE,
		exceptions: [],
		holidays: [],
		timezone: SP,
		now: at('2026-03-01T12:00:00Z'),
		booked: new Map(),
		...over
	};
}

const localTimes = (slots: readonly { start: Date }[], zone = SP) =>
	slots.map((s) => DateTime.fromJSDate(s.start, { zone }).toFormat('HH:mm'));

describe('slotsForDate: templates', () => {
	it("cuts the weekday's window into 20-minute slots with 2 places each, in the unit's zone", () => {
		const slots = slotsForDate({ ...ctx(), date: '2026-03-10' });
		expect(localTimes(slots)).toEqual([
			'08:00', '08:20', '08:40', '09:00', '09:20', '09:40', '10:00', '10:20', '10:40', '11:00', '11:20', '11:40'
		]);
		expect(slots[0]).toEqual({ start: at('2026-03-10T11:00:00Z'), end: at('2026-03-10T11:20:00Z'), places: 2, booked: 0, free: 2 });
		expect(slots.at(-1)!.end).toEqual(at('2026-03-10T15:00:00Z'));
	});

	it('offers nothing on a weekday without windows', () => {
		expect(slotsForDate({ ...ctx(), date: '2026-03-14' })).toEqual([]);
		expect(slotsForDate({ ...ctx(), date: '2026-03-15' })).toEqual([]);
	});

	it('drops a last slot that would run past the end of its window, across several windows', () => {
		const template: CapacityTemplate = {
			...TEMPLATE,
			windows: {
				tue: [
					{ start: '08:00', end: '09:00', slotMinutes: 30, places: 1 },
					{ start: '13:00', end: '14:50', slotMinutes: 25, places: 3 }
				]
			}
		};
		const slots = slotsForDate({ ...ctx({ template }), date: '2026-03-10' });
		expect(localTimes(slots)).toEqual(['08:00', '08:30', '13:00', '13:25', '13:50', '14:15']);
		expect(slots.map((s) => s.places)).toEqual([1, 1, 3, 3, 3, 3]);
		expect(slots.at(-1)!.end).toEqual(at('2026-03-10T17:40:00Z'));
	});

	it('treats a malformed stored window as closed instead of looping or guessing', () => {
		const template = {
			...TEMPLATE,
			windows: {
				tue: [
					{ start: '08:00', end: '09:00', slotMinutes: 0, places: 1 },
					{ start: '9:00', end: '10:00', slotMinutes: 30, places: 1 },
					{ start: '10:00', end: '11:00', slotMinutes: 30, places: 1 }
				]
			}
		};
		expect(localTimes(slotsForDate({ ...ctx({ template }), date: '2026-03-10' }))).toEqual(['10:00', '10:30']);
	});

	it('keeps the walk-in share out of the bookable places', () => {
		const share = (walkInShare: number, places: number) =>
			slotsForDate({
				...ctx({
					template: { ...TEMPLATE, walkInShare, windows: { tue: [{ start: '08:00', end: '09:00', slotMinutes: 30, places }] } }
				}),
				date: '2026-03-10'
			}).map((s) => [s.places, s.free]);
		expect(share(0.25, 2)).toEqual([[1, 1], [1, 1]]);
		expect(share(0.3, 10)).toEqual([[7, 7], [7, 7]]);
		expect(share(0.1, 1)).toEqual([[0, 0], [0, 0]]);
		expect(share(1, 5)).toEqual([[0, 0], [0, 0]]);
	});
});

describe('slotsForDate: exceptions', () => {
	it('closes a date with a closed exception', () => {
		const exceptions: CapacityException[] = [{ date: '2026-03-11', kind: 'closed', reason: 'Dedetização' }];
		expect(slotsForDate({ ...ctx({ exceptions }), date: '2026-03-11' })).toEqual([]);
		expect(slotsForDate({ ...ctx({ exceptions }), date: '2026-03-12' })).toHaveLength(12);
	});

	it("replaces the day's windows with a reduced exception's windows", () => {
		const exceptions: CapacityException[] = [
			{ date: '2026-03-12', kind: 'reduced', windows: [{ start: '08:00', end: '10:00', slotMinutes: 30, places: 1 }] }
		];
		const slots = slotsForDate({ ...ctx({ exceptions }), date: '2026-03-12' });
		expect(localTimes(slots)).toEqual(['08:00', '08:30', '09:00', '09:30']);
		expect(slots.every((s) => s.places === 1)).toBe(true);
	});

	it('can open a day the template keeps closed (a Saturday task force)', () => {
		const exceptions: CapacityException[] = [
			{ date: '2026-03-14', kind: 'reduced', windows: [{ start: '09:00', end: '10:00', slotMinutes: 60, places: 4 }] }
		];
		expect(localTimes(slotsForDate({ ...ctx({ exceptions }), date: '2026-03-14' }))).toEqual(['09:00']);
	});

	it('does not let an exception book over a holiday', () => {
		const exceptions: CapacityException[] = [
			{ date: '2026-04-21', kind: 'reduced', windows: [{ start: '08:00', end: '10:00', slotMinutes: 30, places: 1 }] }
		];
		expect(windowsForDate(ctx({ exceptions }), '2026-04-21')).toEqual([]);
	});
});

describe('slotsForDate: holidays', () => {
	const februaryNow = at('2026-02-10T12:00:00Z');

	it('closes on Carnaval 2026 (16 and 17 Feb) when the city adopts the federal optional days', () => {
		const c = ctx({ now: februaryNow, holidays: FEDERAL_OPTIONAL_DAYS });
		expect(slotsForDate({ ...c, date: '2026-02-16' })).toEqual([]);
		expect(slotsForDate({ ...c, date: '2026-02-17' })).toEqual([]);
	});

	it('stays open on Carnaval when the city does not adopt it', () => {
		expect(slotsForDate({ ...ctx({ now: februaryNow }), date: '2026-02-16' })).toHaveLength(12);
	});

	it('closes on Good Friday 2026 (3 Apr), a national holiday, without any local table', () => {
		const c = ctx({ now: at('2026-03-20T12:00:00Z') });
		expect(slotsForDate({ ...c, date: '2026-04-03' })).toEqual([]);
		expect(slotsForDate({ ...c, date: '2026-04-02' })).toHaveLength(12);
	});

	it("closes on a municipal holiday from the unit's table", () => {
		expect(slotsForDate({ ...ctx({ holidays: [SAO_JOSE] }), date: '2026-03-19' })).toEqual([]);
		expect(slotsForDate({ ...ctx(), date: '2026-03-19' })).toHaveLength(12);
	});

	it('offers no slot before 14:00 on Ash Wednesday (half day) and cuts the afternoon from 14:00', () => {
		const day: CapacityWindow[] = [
			{ start: '08:00', end: '12:00', slotMinutes: 20, places: 2 },
			{ start: '13:00', end: '17:00', slotMinutes: 20, places: 2 }
		];
		const c = ctx({ now: februaryNow, holidays: FEDERAL_OPTIONAL_DAYS, template: { ...TEMPLATE, windows: { wed: day } } });
		const slots = slotsForDate({ ...c, date: '2026-02-18' });
		expect(localTimes(slots)).toEqual(['14:00', '14:20', '14:40', '15:00', '15:20', '15:40', '16:00', '16:20', '16:40']);
		expect(slots[0].start).toEqual(at('2026-02-18T17:00:00Z'));
	});

	it('starts the slot grid at the reopening time when a window straddles it', () => {
		const c = ctx({
			now: februaryNow,
			holidays: FEDERAL_OPTIONAL_DAYS,
			template: { ...TEMPLATE, windows: { wed: [{ start: '13:30', end: '15:00', slotMinutes: 25, places: 1 }] } }
		});
		expect(localTimes(slotsForDate({ ...c, date: '2026-02-18' }))).toEqual(['14:00', '14:25']);
	});

	it('leaves a morning-only unit with nothing on Ash Wednesday', () => {
		expect(slotsForDate({ ...ctx({ now: februaryNow, holidays: FEDERAL_OPTIONAL_DAYS }), date: '2026-02-18' })).toEqual([]);
	});
});

describe('slotsForDate: minimum notice and horizon', () => {
	it('offers only slots starting at least the minimum notice after now', () => {
		// 09:30 local + 2 h = 11:30: the 11:40 slot is the only one left today.
		const slots = slotsForDate({ ...ctx({ now: at('2026-03-10T12:30:00Z') }), date: '2026-03-10' });
		expect(localTimes(slots)).toEqual(['11:40']);
	});

	it('offers a slot starting exactly at now when no notice is required', () => {
		const c = ctx({ now: at('2026-03-10T12:40:00Z'), template: { ...TEMPLATE, minNoticeMinutes: 0 } });
		expect(localTimes(slotsForDate({ ...c, date: '2026-03-10' }))[0]).toBe('09:40');
	});

	it('offers nothing on a past date', () => {
		expect(slotsForDate({ ...ctx({ now: at('2026-03-10T12:00:00Z') }), date: '2026-03-09' })).toEqual([]);
	});

	it('books up to today + horizonDays, counting local dates', () => {
		const c = ctx({ now: at('2026-03-10T12:00:00Z') });
		expect(lastBookableDate(TEMPLATE, SP, c.now)).toBe('2026-04-09');
		expect(slotsForDate({ ...c, date: '2026-04-09' })).toHaveLength(12);
		expect(slotsForDate({ ...c, date: '2026-04-10' })).toEqual([]);
	});

	it("reads today in the unit's zone: 23:30 in São Paulo is already tomorrow in UTC", () => {
		const c = ctx({ now: at('2026-03-11T02:30:00Z') });
		expect(lastBookableDate(TEMPLATE, SP, c.now)).toBe('2026-04-09');
		expect(slotsForDate({ ...c, date: '2026-04-10' })).toEqual([]);
	});

	it('still shows past and late slots in the staff day view', () => {
		const c = ctx({ now: at('2026-03-10T14:00:00Z') });
		expect(daySlots(c, '2026-03-09')).toHaveLength(12);
		expect(slotsForDate({ ...c, date: '2026-03-10' })).toEqual([]);
		expect(daySlots(c, '2026-03-10')).toHaveLength(12);
	});
});

describe('slotsForDate: booked and free', () => {
	it('counts booked places per slot start and never goes below zero free', () => {
		expect(slotKey(at('2026-03-10T11:00:00Z'))).toBe('2026-03-10T11:00:00.000Z');
		const booked = new Map([
			['2026-03-10T11:00:00.000Z', 2],
			['2026-03-10T11:20:00.000Z', 1],
			['2026-03-10T11:40:00.000Z', 5]
		]);
		const slots = slotsForDate({ ...ctx({ booked }), date: '2026-03-10' });
		expect(slots.slice(0, 4).map((s) => [s.booked, s.free])).toEqual([[2, 0], [1, 1], [5, 0], [0, 2]]);
	});
});

describe('daysWithFreeSlots and nextFreeDay', () => {
	const fullDay = new Map(
		daySlots(ctx(), '2026-03-10').map((s) => [s.start.toISOString(), 2] as const)
	);

	it('lists the days of a month with room, leaving out weekends, holidays and full days', () => {
		const days = daysWithFreeSlots({ ...ctx({ holidays: [SAO_JOSE], booked: fullDay }), from: '2026-03-01', to: '2026-03-31' });
		expect(days).toHaveLength(20);
		expect(days.map((d) => d.date)).not.toContain('2026-03-10');
		expect(days.map((d) => d.date)).not.toContain('2026-03-19');
		expect(days.map((d) => d.date)).not.toContain('2026-03-07');
		expect(days[0]).toEqual({ date: '2026-03-02', freeSlots: 12, freePlaces: 24 });
	});

	it('stops the month at the horizon', () => {
		const days = daysWithFreeSlots({ ...ctx({ template: { ...TEMPLATE, horizonDays: 5 } }), from: '2026-03-01', to: '2026-03-31' });
		expect(days.map((d) => d.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
	});

	it('finds the next free day past a weekend, Carnaval and a morning-only Ash Wednesday', () => {
		const c = ctx({ now: at('2026-02-13T20:00:00Z'), holidays: FEDERAL_OPTIONAL_DAYS });
		expect(nextFreeDay(c)).toBe('2026-02-19');
		expect(nextFreeDay({ ...c, from: '2026-02-25' })).toBe('2026-02-25');
	});

	it('skips a fully booked day and returns null when the horizon has no room', () => {
		expect(nextFreeDay(ctx({ now: at('2026-03-10T09:00:00Z'), booked: fullDay }))).toBe('2026-03-11');
		expect(nextFreeDay(ctx({ now: at('2026-03-13T20:00:00Z'), template: { ...TEMPLATE, horizonDays: 2 } }))).toBeNull();
	});
});

describe('checkSlot', () => {
	const c = ctx({ now: at('2026-03-09T12:00:00Z'), booked: new Map([['2026-03-10T11:20:00.000Z', 2]]) });

	it('accepts the start of a bookable slot with a free place', () => {
		const r = checkSlot(c, at('2026-03-10T11:00:00Z'));
		expect(r).toMatchObject({ ok: true, slot: { free: 2 } });
	});

	it('refuses a full slot, a start off the grid, a slot in the past and a slot on a holiday', () => {
		expect(checkSlot(c, at('2026-03-10T11:20:00Z'))).toEqual({ ok: false, code: 'slot_full' });
		expect(checkSlot(c, at('2026-03-10T11:10:00Z'))).toEqual({ ok: false, code: 'slot_not_offered' });
		expect(checkSlot(c, at('2026-03-09T11:00:00Z'))).toEqual({ ok: false, code: 'slot_not_offered' });
		expect(checkSlot(c, at('2026-03-10T16:00:00Z'))).toEqual({ ok: false, code: 'slot_not_offered' });
		expect(checkSlot(ctx({ now: at('2026-03-20T12:00:00Z') }), at('2026-04-03T11:00:00Z'))).toEqual({
			ok: false,
			code: 'slot_not_offered'
		});
	});
});

describe('time zones', () => {
	const night: CapacityWindow[] = [{ start: '00:00', end: '06:00', slotMinutes: 30, places: 1 }];
	const nyCtx = ctx({
		timezone: NY,
		now: at('2026-03-01T12:00:00Z'),
		template: { ...TEMPLATE, horizonDays: 300, windows: { sun: night, mon: MORNING, fri: MORNING } }
	});

	it('skips the local times New York jumps over on 2026-03-08 and keeps slots back to back', () => {
		const slots = slotsForDate({ ...nyCtx, date: '2026-03-08' });
		expect(localTimes(slots, NY)).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30', '04:00', '04:30', '05:00', '05:30']);
		expect(slots[3]).toMatchObject({ start: at('2026-03-08T06:30:00Z'), end: at('2026-03-08T07:00:00Z') });
		expect(slots[4].start).toEqual(at('2026-03-08T07:00:00Z'));
	});

	it('offers the repeated hour of 2026-11-01 once, with no overlapping slots', () => {
		const slots = slotsForDate({ ...nyCtx, date: '2026-11-01' });
		const times = localTimes(slots, NY);
		expect(times).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30', '04:00', '04:30', '05:00', '05:30']);
		for (let i = 1; i < slots.length; i++) expect(slots[i - 1].end.getTime()).toBeLessThanOrEqual(slots[i].start.getTime());
		expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 30 * 60_000)).toBe(true);
	});

	it('keeps 08:00 on the wall clock across the change: 13:00Z in EST, 12:00Z in EDT', () => {
		expect(slotsForDate({ ...nyCtx, date: '2026-03-06' })[0].start).toEqual(at('2026-03-06T13:00:00Z'));
		expect(slotsForDate({ ...nyCtx, date: '2026-03-09' })[0].start).toEqual(at('2026-03-09T12:00:00Z'));
	});

	it("reads dates in Tokyo's zone when UTC is still on the previous day", () => {
		const now = at('2026-03-08T23:30:00Z'); // Monday 08:30 in Tokyo, Sunday 20:30 in São Paulo
		const template: CapacityTemplate = {
			...TEMPLATE,
			horizonDays: 0,
			minNoticeMinutes: 0,
			windows: { mon: [{ start: '09:00', end: '10:00', slotMinutes: 30, places: 1 }] }
		};
		const tokyo = slotsForDate({ ...ctx({ timezone: TOKYO, now, template }), date: '2026-03-09' });
		expect(tokyo.map((s) => s.start)).toEqual([at('2026-03-09T00:00:00Z'), at('2026-03-09T00:30:00Z')]);
		expect(slotsForDate({ ...ctx({ timezone: SP, now, template }), date: '2026-03-09' })).toEqual([]);
		expect(nextFreeDay(ctx({ timezone: TOKYO, now, template }))).toBe('2026-03-09');
	});

	it('rejects an unknown zone or a malformed date', () => {
		expect(() => slotsForDate({ ...ctx({ timezone: 'Mars/Olympus' }), date: '2026-03-10' })).toThrow(RangeError);
		expect(() => slotsForDate({ ...ctx(), date: '2026-02-30' })).toThrow(RangeError);
	});
});

describe('whyNotOffered: a clear reason for a refused start', () => {
	// Now: Sunday 1 March 2026, 09:00 in São Paulo.
	it.each([
		['2026-02-27T11:00:00Z', 'past'],
		['2026-03-01T13:00:00Z', 'too_soon'],
		['2026-04-06T11:00:00Z', 'beyond_horizon'],
		['2026-03-19T11:00:00Z', 'holiday'], // São José, municipal
		['2026-03-07T11:00:00Z', 'closed'], // Saturday
		['2026-03-10T11:10:00Z', 'not_a_slot'], // 08:10, off the 20-minute grid
		['2026-03-10T16:00:00Z', 'not_a_slot'] // 13:00, after the window
	])('%s → %s', (iso, reason) => {
		expect(whyNotOffered(ctx({ holidays: [SAO_JOSE] }), at(iso))).toBe(reason);
		expect(checkSlot(ctx({ holidays: [SAO_JOSE] }), at(iso)).ok).toBe(false);
	});

	it('names Good Friday a holiday with no local table at all', () => {
		expect(whyNotOffered(ctx({ now: at('2026-03-20T12:00:00Z') }), at('2026-04-03T12:00:00Z'))).toBe('holiday');
	});
});
