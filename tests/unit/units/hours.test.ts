import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEDERAL_OPTIONAL_DAYS, type MunicipalHoliday } from '$lib/units/holidays';
import {
	OpeningHoursSchema,
	acceptsTicketsAt,
	atLocalTime,
	closedNow,
	closingTimeOn,
	hoursForDate,
	isOpenAt,
	localDateOf,
	nextOpening,
	openWindowsOn,
	type OpeningHours
} from '$lib/units/hours';

const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';
const WEEKDAY: [string, string][] = [['08:00', '17:00']];
const UNIT: OpeningHours = { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY, sat: [['08:00', '12:00']] };
const SPLIT: OpeningHours = { wed: [['08:00', '12:00'], ['13:00', '17:00']] };
const at = (iso: string) => new Date(iso);

describe('hoursForDate', () => {
	it("gives the weekday's hours on an ordinary day and none on a day the unit does not open", () => {
		expect(hoursForDate(UNIT, '2026-03-10', [])).toEqual([['08:00', '17:00']]);
		expect(hoursForDate(UNIT, '2026-03-14', [])).toEqual([['08:00', '12:00']]);
		expect(hoursForDate(UNIT, '2026-03-15', [])).toEqual([]);
	});

	it('closes on national holidays: Good Friday and Tiradentes 2026', () => {
		expect(hoursForDate(UNIT, '2026-04-03', [])).toEqual([]);
		expect(hoursForDate(UNIT, '2026-04-21', [])).toEqual([]);
	});

	it('opens on Carnaval unless the city adopts the federal optional days', () => {
		expect(hoursForDate(UNIT, '2026-02-16', [])).toEqual([['08:00', '17:00']]);
		expect(hoursForDate(UNIT, '2026-02-16', FEDERAL_OPTIONAL_DAYS)).toEqual([]);
		expect(hoursForDate(UNIT, '2026-02-17', FEDERAL_OPTIONAL_DAYS)).toEqual([]);
	});

	it('opens at 14:00 on Ash Wednesday, a half day', () => {
		expect(hoursForDate(UNIT, '2026-02-18', FEDERAL_OPTIONAL_DAYS)).toEqual([['14:00', '17:00']]);
		expect(hoursForDate(SPLIT, '2026-02-18', FEDERAL_OPTIONAL_DAYS)).toEqual([['14:00', '17:00']]);
	});

	it('clips split hours at the half-day time', () => {
		const half = (until: string): MunicipalHoliday[] => [{ kind: 'once', date: '2026-03-11', name: 'Meio dia', half: { until } }];
		expect(hoursForDate(SPLIT, '2026-03-11', half('10:00'))).toEqual([['10:00', '12:00'], ['13:00', '17:00']]);
		expect(hoursForDate(SPLIT, '2026-03-11', half('12:30'))).toEqual([['13:00', '17:00']]);
		expect(hoursForDate(SPLIT, '2026-03-11', half('17:00'))).toEqual([]);
	});

	it('closes on a municipal holiday: Aniversário de Florianópolis', () => {
		const floripa: MunicipalHoliday[] = [{ kind: 'date', month: 3, day: 23, name: 'Aniversário de Florianópolis' }];
		expect(hoursForDate(UNIT, '2026-03-23', floripa)).toEqual([]);
		expect(hoursForDate(UNIT, '2026-03-23', [])).toEqual([['08:00', '17:00']]);
	});

	it('ignores malformed intervals instead of opening at odd times', () => {
		const bad = { mon: [['8:00', '12:00'], ['13:00', '12:00'], ['14:00', '18:00']] } as OpeningHours;
		expect(hoursForDate(bad, '2026-03-09', [])).toEqual([['14:00', '18:00']]);
	});

	it('refuses a malformed date', () => {
		expect(() => hoursForDate(UNIT, '2026-02-30', [])).toThrow(RangeError);
	});
});

describe('acceptsTicketsAt', () => {
	it('takes tickets inside the opening hours only, unless the unit issues at any hour (the demo units)', () => {
		const night = at('2026-03-10T03:00:00Z');
		const morning = at('2026-03-10T12:00:00Z');
		const real = { openingHours: UNIT, timezone: SP, settings: {} };
		const demo = { openingHours: UNIT, timezone: SP, settings: { issueOutsideHours: true } };
		expect(acceptsTicketsAt(real, morning)).toBe(true);
		expect(acceptsTicketsAt(real, night)).toBe(false);
		expect(acceptsTicketsAt(demo, night)).toBe(true);
		expect(acceptsTicketsAt({ ...real, settings: { issueOutsideHours: false } }, night)).toBe(false);
	});
});

describe('closedNow', () => {
	it('says nothing while tickets are taken, and when the unit opens again once it stops', () => {
		const real = { openingHours: UNIT, timezone: SP, settings: {} };
		expect(closedNow(real, at('2026-03-10T12:00:00Z'))).toBeNull();
		// 00:00 in São Paulo on a Tuesday: it opens at 08:00 the same day.
		expect(closedNow(real, at('2026-03-10T03:00:00Z'))).toEqual({ opensAt: '2026-03-10T11:00:00.000Z' });
		expect(closedNow({ ...real, openingHours: {} }, at('2026-03-10T03:00:00Z'))).toEqual({ opensAt: null });
	});
});

describe('isOpenAt', () => {
	it('is open from the opening minute up to, not including, the closing minute (São Paulo, UTC−3)', () => {
		expect(isOpenAt(UNIT, SP, at('2026-03-10T10:59:59Z'))).toBe(false);
		expect(isOpenAt(UNIT, SP, at('2026-03-10T11:00:00Z'))).toBe(true);
		expect(isOpenAt(UNIT, SP, at('2026-03-10T19:59:59Z'))).toBe(true);
		expect(isOpenAt(UNIT, SP, at('2026-03-10T20:00:00Z'))).toBe(false);
	});

	it('reads the local date, not the UTC one', () => {
		// 01:00Z on Saturday is still Friday 22:00 in São Paulo.
		const lateHours: OpeningHours = { fri: [['20:00', '24:00']] };
		expect(isOpenAt(lateHours, SP, at('2026-03-14T01:00:00Z'))).toBe(true);
		expect(isOpenAt(lateHours, SP, at('2026-03-14T03:00:00Z'))).toBe(false);
	});

	it('is closed on Good Friday and until 14:00 on Ash Wednesday', () => {
		expect(isOpenAt(UNIT, SP, at('2026-04-03T14:00:00Z'))).toBe(false);
		expect(isOpenAt(UNIT, SP, at('2026-02-18T16:59:00Z'), FEDERAL_OPTIONAL_DAYS)).toBe(false);
		expect(isOpenAt(UNIT, SP, at('2026-02-18T17:00:00Z'), FEDERAL_OPTIONAL_DAYS)).toBe(true);
	});

	it('follows daylight saving time in New York (EST −5 before 8 March 2026, EDT −4 after)', () => {
		const nyHours: OpeningHours = { fri: [['09:00', '17:00']], mon: [['09:00', '17:00']] };
		expect(isOpenAt(nyHours, NY, at('2026-03-06T14:00:00Z'))).toBe(true);
		expect(isOpenAt(nyHours, NY, at('2026-03-06T13:59:00Z'))).toBe(false);
		expect(isOpenAt(nyHours, NY, at('2026-03-09T13:00:00Z'))).toBe(true);
		expect(isOpenAt(nyHours, NY, at('2026-03-09T12:59:00Z'))).toBe(false);
	});

	it('refuses an unknown time zone', () => {
		expect(() => isOpenAt(UNIT, 'America/Atlantis', at('2026-03-10T12:00:00Z'))).toThrow(RangeError);
	});
});

describe('nextOpening', () => {
	it('is now when the unit is open', () => {
		const now = at('2026-03-10T15:00:00Z');
		expect(nextOpening(UNIT, SP, now)).toEqual(now);
	});

	it('skips Good Friday: Thursday evening → Saturday 08:00', () => {
		expect(nextOpening(UNIT, SP, at('2026-04-02T21:00:00Z'))).toEqual(at('2026-04-04T11:00:00Z'));
	});

	it('skips Carnaval to Ash Wednesday 14:00 when the city adopts the optional days', () => {
		expect(nextOpening(UNIT, SP, at('2026-02-14T16:00:00Z'), FEDERAL_OPTIONAL_DAYS)).toEqual(at('2026-02-18T17:00:00Z'));
		expect(nextOpening(UNIT, SP, at('2026-02-14T16:00:00Z'))).toEqual(at('2026-02-16T11:00:00Z'));
	});

	it('crosses the year end past New Year', () => {
		expect(nextOpening(UNIT, SP, at('2026-12-31T21:00:00Z'))).toEqual(at('2027-01-02T11:00:00Z'));
	});

	it('finds the next interval the same day between split hours', () => {
		expect(nextOpening(SPLIT, SP, at('2026-03-11T15:30:00Z'))).toEqual(at('2026-03-11T16:00:00Z'));
	});

	it('spans a DST change as real time: Saturday noon → Monday 09:00 in New York is 44 hours', () => {
		const nyHours: OpeningHours = { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] };
		const from = at('2026-03-07T17:00:00Z');
		const next = nextOpening(nyHours, NY, from)!;
		expect(next).toEqual(at('2026-03-09T13:00:00Z'));
		expect((next.getTime() - from.getTime()) / 3_600_000).toBe(44);
	});

	it('is null when the hours never open', () => {
		expect(nextOpening({}, SP, at('2026-03-10T15:00:00Z'))).toBeNull();
	});

	it('returns an open instant at or after now, equal to now exactly when open', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
				fc.constantFrom(SP, NY),
				(now, zone) => {
					const next = nextOpening(UNIT, zone, now, FEDERAL_OPTIONAL_DAYS)!;
					expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
					expect(isOpenAt(UNIT, zone, next, FEDERAL_OPTIONAL_DAYS)).toBe(true);
					expect(next.getTime() === now.getTime()).toBe(isOpenAt(UNIT, zone, now, FEDERAL_OPTIONAL_DAYS));
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('closingTimeOn and openWindowsOn', () => {
	it('gives the end of the last interval in the zone', () => {
		expect(closingTimeOn(UNIT, SP, '2026-03-14')).toEqual(at('2026-03-14T15:00:00Z'));
		expect(closingTimeOn(SPLIT, SP, '2026-03-11')).toEqual(at('2026-03-11T20:00:00Z'));
		expect(closingTimeOn(UNIT, SP, '2026-03-15')).toBeNull();
		expect(closingTimeOn(UNIT, SP, '2026-04-03')).toBeNull();
	});

	it('treats 24:00 as the next local midnight', () => {
		expect(closingTimeOn({ fri: [['20:00', '24:00']] }, SP, '2026-03-13')).toEqual(at('2026-03-14T03:00:00Z'));
	});

	it('moves a start skipped by the spring-forward jump to the first valid instant (New York, 8 March 2026)', () => {
		expect(openWindowsOn({ sun: [['02:30', '04:00']] }, NY, '2026-03-08')).toEqual([
			{ start: at('2026-03-08T07:30:00Z'), end: at('2026-03-08T08:00:00Z') }
		]);
	});
});

describe('atLocalTime and localDateOf', () => {
	it('handles São Paulo having had DST until 2019, when midnight of 4 Nov 2018 did not exist', () => {
		expect(atLocalTime('2018-11-04', '00:00', SP)).toEqual(at('2018-11-04T03:00:00Z'));
		expect(atLocalTime('2018-11-04', '08:00', SP)).toEqual(at('2018-11-04T10:00:00Z'));
		expect(atLocalTime('2026-11-04', '08:00', SP)).toEqual(at('2026-11-04T11:00:00Z'));
	});

	it('takes the standard-time occurrence of a wall-clock time repeated in autumn (New York, 1 Nov 2026)', () => {
		expect(atLocalTime('2026-11-01', '01:30', NY)).toEqual(at('2026-11-01T06:30:00Z'));
	});

	it('gives the local calendar date of an instant', () => {
		expect(localDateOf(at('2026-01-01T02:59:59Z'), SP)).toBe('2025-12-31');
		expect(localDateOf(at('2026-01-01T03:00:00Z'), SP)).toBe('2026-01-01');
		expect(localDateOf(at('2026-01-01T03:00:00Z'), 'Asia/Tokyo')).toBe('2026-01-01');
	});
});

describe('OpeningHoursSchema', () => {
	it('accepts weekly hours with split days and a 24:00 end', () => {
		const parsed = OpeningHoursSchema.parse({ ...UNIT, wed: [['08:00', '12:00'], ['12:00', '24:00']] });
		expect(parsed.wed).toEqual([['08:00', '12:00'], ['12:00', '24:00']]);
		expect(OpeningHoursSchema.parse({})).toEqual({});
	});

	it.each([
		[{ mon: [['8:00', '12:00']] }],
		[{ mon: [['08:00', '24:01']] }],
		[{ mon: [['24:00', '24:00']] }],
		[{ mon: [['12:00', '08:00']] }],
		[{ mon: [['08:00', '08:00']] }],
		[{ mon: [['08:00', '12:00'], ['11:00', '14:00']] }],
		[{ mon: [['13:00', '17:00'], ['08:00', '12:00']] }],
		[{ mon: [['08:00']] }],
		[{ holiday: [['08:00', '12:00']] }]
	])('rejects %j', (hours) => {
		expect(OpeningHoursSchema.safeParse(hours).success).toBe(false);
	});
});
