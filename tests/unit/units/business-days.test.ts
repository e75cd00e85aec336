import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addDeadline,
	businessDayOnOrAfter,
	businessDaysBetween,
	isBusinessDay,
	type DeadlineUnit
} from '$lib/units/business-days';
import { FEDERAL_OPTIONAL_DAYS, type MunicipalHoliday } from '$lib/units/holidays';
import { localDateOf } from '$lib/units/hours';

const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';
const FLORIANOPOLIS: MunicipalHoliday[] = [
	...FEDERAL_OPTIONAL_DAYS,
	{ kind: 'date', month: 3, day: 23, name: 'Aniversário de Florianópolis' }
];
const at = (iso: string) => new Date(iso);
/** The end of a São Paulo day as an instant: São Paulo has had no DST since 2019, always −03:00. */
const endOfSpDay = (date: string) => at(`${date}T23:59:59.999-03:00`);

describe('isBusinessDay', () => {
	it('excludes weekends and national holidays', () => {
		expect(isBusinessDay('2026-03-13')).toBe(true);
		expect(isBusinessDay('2026-03-14')).toBe(false);
		expect(isBusinessDay('2026-03-15')).toBe(false);
		expect(isBusinessDay('2026-04-03')).toBe(false);
		expect(isBusinessDay('2026-12-25')).toBe(false);
	});

	it('excludes Carnaval only where the city adopts it', () => {
		expect(isBusinessDay('2026-02-16')).toBe(true);
		expect(isBusinessDay('2026-02-16', FEDERAL_OPTIONAL_DAYS)).toBe(false);
		expect(isBusinessDay('2026-02-17', FEDERAL_OPTIONAL_DAYS)).toBe(false);
	});

	it('counts Ash Wednesday, a half day, as a business day', () => {
		expect(isBusinessDay('2026-02-18', FEDERAL_OPTIONAL_DAYS)).toBe(true);
	});

	it('excludes a municipal holiday', () => {
		expect(isBusinessDay('2026-03-23', FLORIANOPOLIS)).toBe(false);
		expect(isBusinessDay('2026-03-23')).toBe(true);
	});

	it('rolls a non-business day to the next business day', () => {
		expect(businessDayOnOrAfter('2026-02-14', FEDERAL_OPTIONAL_DAYS)).toBe('2026-02-18');
		expect(businessDayOnOrAfter('2026-02-13', FEDERAL_OPTIONAL_DAYS)).toBe('2026-02-13');
	});
});

describe('businessDaysBetween', () => {
	it('counts days after the start up to and including the end', () => {
		expect(businessDaysBetween('2026-02-13', '2026-02-20', FEDERAL_OPTIONAL_DAYS)).toBe(3);
		expect(businessDaysBetween('2026-02-13', '2026-02-20')).toBe(5);
		expect(businessDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
	});

	it('is negative when the end comes first (days overdue)', () => {
		expect(businessDaysBetween('2026-02-20', '2026-02-13', FEDERAL_OPTIONAL_DAYS)).toBe(-3);
	});

	it('spans the year end: 24 Dec 2025 → 2 Jan 2026 is five business days', () => {
		expect(businessDaysBetween('2025-12-24', '2026-01-02')).toBe(5);
	});
});

describe('addDeadline in business days', () => {
	it('skips Carnaval: Friday 13 Feb 2026 + 3 → Friday 20 Feb (Ash Wednesday counts)', () => {
		expect(addDeadline(at('2026-02-13T13:00:00Z'), 3, 'business_days', SP, FEDERAL_OPTIONAL_DAYS)).toEqual(
			endOfSpDay('2026-02-20')
		);
	});

	it('skips Good Friday: Thursday 2 Apr 2026 + 1 → Monday 6 Apr', () => {
		expect(addDeadline(at('2026-04-02T13:00:00Z'), 1, 'business_days', SP)).toEqual(endOfSpDay('2026-04-06'));
	});

	it('crosses the year end: 24 Dec 2025 + 5 → 2 Jan 2026, skipping Christmas and New Year', () => {
		expect(addDeadline(at('2025-12-24T13:00:00Z'), 5, 'business_days', SP)).toEqual(endOfSpDay('2026-01-02'));
	});

	it('skips a municipal holiday: Friday 20 Mar 2026 + 1 in Florianópolis → Tuesday 24 Mar', () => {
		expect(addDeadline(at('2026-03-20T13:00:00Z'), 1, 'business_days', SP, FLORIANOPOLIS)).toEqual(endOfSpDay('2026-03-24'));
		expect(addDeadline(at('2026-03-20T13:00:00Z'), 1, 'business_days', SP)).toEqual(endOfSpDay('2026-03-23'));
	});

	it('starts counting after a weekend start: Saturday + 1 → Monday', () => {
		expect(addDeadline(at('2026-03-14T13:00:00Z'), 1, 'business_days', SP)).toEqual(endOfSpDay('2026-03-16'));
	});

	it('makes 0 business days the end of the first business day on or after the start', () => {
		expect(addDeadline(at('2026-03-14T13:00:00Z'), 0, 'business_days', SP)).toEqual(endOfSpDay('2026-03-16'));
		expect(addDeadline(at('2026-03-13T13:00:00Z'), 0, 'business_days', SP)).toEqual(endOfSpDay('2026-03-13'));
	});

	it('takes the start day in the unit zone: 23:30 Monday in São Paulo is Tuesday in UTC', () => {
		const start = at('2026-03-10T02:30:00Z');
		expect(addDeadline(start, 1, 'business_days', SP)).toEqual(endOfSpDay('2026-03-10'));
		expect(addDeadline(start, 1, 'business_days', 'UTC')).toEqual(at('2026-03-11T23:59:59.999Z'));
	});

	it('ends the due day in local time across a DST change (New York, 8 March 2026)', () => {
		// Friday 6 Mar (EST) + 1 business day → Monday 9 Mar, which ends at 23:59:59.999 EDT (−4).
		expect(addDeadline(at('2026-03-06T15:00:00Z'), 1, 'business_days', NY)).toEqual(at('2026-03-10T03:59:59.999Z'));
	});

	it('lands on a business day exactly `amount` business days after the start', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
				fc.integer({ min: 1, max: 60 }),
				fc.constantFrom(SP, NY),
				(start, amount, zone) => {
					const due = addDeadline(start, amount, 'business_days', zone, FLORIANOPOLIS);
					const dueDay = localDateOf(due, zone);
					expect(isBusinessDay(dueDay, FLORIANOPOLIS)).toBe(true);
					expect(businessDaysBetween(localDateOf(start, zone), dueDay, FLORIANOPOLIS)).toBe(amount);
					expect(localDateOf(new Date(due.getTime() + 1), zone)).not.toBe(dueDay);
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('addDeadline in days (Lei 9.784/1999 art. 66)', () => {
	it('counts calendar days and moves a due weekend to Monday', () => {
		expect(addDeadline(at('2026-01-02T13:00:00Z'), 1, 'days', SP)).toEqual(endOfSpDay('2026-01-05'));
	});

	it('moves a due date on a holiday: 24 Dec 2025 + 8 days = 1 Jan → 2 Jan', () => {
		expect(addDeadline(at('2025-12-24T13:00:00Z'), 8, 'days', SP)).toEqual(endOfSpDay('2026-01-02'));
	});

	it('Ouvidoria 30 days from 17 Jan 2026 fall on Carnaval Monday and move to Ash Wednesday (a half day)', () => {
		expect(addDeadline(at('2026-01-17T13:00:00Z'), 30, 'days', SP, FEDERAL_OPTIONAL_DAYS)).toEqual(endOfSpDay('2026-02-18'));
		expect(addDeadline(at('2026-01-17T13:00:00Z'), 30, 'days', SP)).toEqual(endOfSpDay('2026-02-16'));
	});

	it('moves a due Good Friday to the Monday after Easter', () => {
		expect(addDeadline(at('2026-03-04T13:00:00Z'), 30, 'days', SP)).toEqual(endOfSpDay('2026-04-06'));
	});
});

describe('addDeadline in calendar days, months, hours and minutes', () => {
	it('leaves calendar days where they fall, weekends and holidays included', () => {
		expect(addDeadline(at('2026-01-02T13:00:00Z'), 1, 'calendar_days', SP)).toEqual(endOfSpDay('2026-01-03'));
		expect(addDeadline(at('2025-12-24T13:00:00Z'), 8, 'calendar_days', SP)).toEqual(endOfSpDay('2026-01-01'));
	});

	it('counts months date to date, the last day of a short month, then the next business day', () => {
		// 31 Jan + 1 month = 28 Feb 2026, a Saturday → Monday 2 Mar.
		expect(addDeadline(at('2026-01-31T13:00:00Z'), 1, 'months', SP)).toEqual(endOfSpDay('2026-03-02'));
		expect(addDeadline(at('2028-01-31T13:00:00Z'), 1, 'months', SP)).toEqual(endOfSpDay('2028-02-29'));
		expect(addDeadline(at('2026-03-10T13:00:00Z'), 12, 'months', SP)).toEqual(endOfSpDay('2027-03-10'));
	});

	it('adds hours as elapsed time: 24 h across the New York DST jump is 13:00 local the next day', () => {
		const start = at('2026-03-07T17:00:00Z'); // Saturday 12:00 EST
		const due = addDeadline(start, 24, 'hours', NY);
		expect(due).toEqual(at('2026-03-08T17:00:00Z')); // Sunday 13:00 EDT
		expect(addDeadline(start, 90, 'minutes', NY)).toEqual(at('2026-03-07T18:30:00Z'));
	});

	it('ends day-based deadlines at local midnight whatever the offset of the due day', () => {
		// Saturday 7 Mar is EST (−5); Sunday 8 Mar ends in EDT (−4).
		expect(addDeadline(at('2026-03-07T17:00:00Z'), 0, 'calendar_days', NY)).toEqual(at('2026-03-08T04:59:59.999Z'));
		expect(addDeadline(at('2026-03-07T17:00:00Z'), 1, 'calendar_days', NY)).toEqual(at('2026-03-09T03:59:59.999Z'));
	});

	it.each([-1, 1.5, Number.NaN])('refuses the amount %s', (amount) => {
		expect(() => addDeadline(at('2026-03-10T13:00:00Z'), amount, 'days', SP)).toThrow(RangeError);
	});

	it('refuses an unknown unit or zone', () => {
		expect(() => addDeadline(at('2026-03-10T13:00:00Z'), 1, 'weeks' as DeadlineUnit, SP)).toThrow(RangeError);
		expect(() => addDeadline(at('2026-03-10T13:00:00Z'), 1, 'days', 'Mars/Olympus')).toThrow(RangeError);
	});
});
