import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
	FEDERAL_OPTIONAL_DAYS,
	MunicipalHolidaySchema,
	addDays,
	easterSunday,
	holidayFor,
	holidayOn,
	holidaysOf,
	nationalHolidays,
	type MunicipalHoliday
} from '$lib/units/holidays';

const FLORIANOPOLIS: MunicipalHoliday = {
	kind: 'date',
	month: 3,
	day: 23,
	name: 'Aniversário de Florianópolis',
	legalAct: 'Lei municipal de Florianópolis'
};

const weekday = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).weekday;

describe('easterSunday', () => {
	it.each([
		[1818, '1818-03-22'],
		[1943, '1943-04-25'],
		[2000, '2000-04-23'],
		[2008, '2008-03-23'],
		[2019, '2019-04-21'],
		[2024, '2024-03-31'],
		[2025, '2025-04-20'],
		[2026, '2026-04-05'],
		[2027, '2027-03-28'],
		[2038, '2038-04-25'],
		[2285, '2285-03-22']
	])('puts Easter %i on %s', (year, date) => {
		expect(easterSunday(year)).toBe(date);
	});

	it('is always a Sunday between 22 March and 25 April', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
				const easter = easterSunday(year);
				expect(weekday(easter)).toBe(7);
				const monthDay = easter.slice(5);
				expect(monthDay >= '03-22' && monthDay <= '04-25').toBe(true);
			})
		);
	});

	it('refuses years outside the Gregorian calendar', () => {
		expect(() => easterSunday(1500)).toThrow(RangeError);
	});
});

describe('nationalHolidays', () => {
	it('lists the ten national holidays of 2026 in date order, Good Friday on 3 April', () => {
		expect(nationalHolidays(2026).map((h) => h.date)).toEqual([
			'2026-01-01',
			'2026-04-03',
			'2026-04-21',
			'2026-05-01',
			'2026-09-07',
			'2026-10-12',
			'2026-11-02',
			'2026-11-15',
			'2026-11-20',
			'2026-12-25'
		]);
		expect(nationalHolidays(2026).every((h) => h.national && h.half === null)).toBe(true);
	});

	it('adds Consciência Negra (20 Nov) only from 2024 on', () => {
		expect(nationalHolidays(2023).some((h) => h.date === '2023-11-20')).toBe(false);
		expect(nationalHolidays(2024).find((h) => h.date === '2024-11-20')?.legalAct).toBe('Lei 14.759/2023');
	});

	it('always puts Good Friday on a Friday two days before Easter', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
				const goodFriday = nationalHolidays(year).find((h) => h.name.startsWith('Paixão'))!;
				expect(goodFriday.date).toBe(addDays(easterSunday(year), -2));
				expect(weekday(goodFriday.date)).toBe(5);
			})
		);
	});
});

describe('holidaysOf', () => {
	it('gives only national holidays without a local table', () => {
		expect(holidaysOf(2026)).toEqual(nationalHolidays(2026));
	});

	it('places the federal optional days of 2026: Carnaval 16–17 Feb, Ash Wednesday half day, Corpus Christi', () => {
		const list = holidaysOf(2026, FEDERAL_OPTIONAL_DAYS);
		expect(holidayOn('2026-02-16', list)).toMatchObject({ name: 'Carnaval (segunda-feira)', national: false, half: null });
		expect(holidayOn('2026-02-17', list)).toMatchObject({ name: 'Carnaval (terça-feira)', half: null });
		expect(holidayOn('2026-02-18', list)).toMatchObject({ name: 'Quarta-feira de Cinzas', half: { until: '14:00' } });
		expect(holidayOn('2026-06-04', list)).toMatchObject({ name: 'Corpus Christi', half: null });
		expect(holidayOn('2026-02-19', list)).toBeNull();
	});

	it('adds a municipal date rule every year with its legal act', () => {
		for (const year of [2025, 2026, 2027]) {
			expect(holidayFor(`${year}-03-23`, [FLORIANOPOLIS])).toEqual({
				date: `${year}-03-23`,
				name: 'Aniversário de Florianópolis',
				half: null,
				national: false,
				legalAct: 'Lei municipal de Florianópolis'
			});
		}
	});

	it('applies a one-off rule only in its year', () => {
		const once: MunicipalHoliday = { kind: 'once', date: '2026-07-10', name: 'Jogo do Brasil', half: { until: '13:00' } };
		expect(holidayFor('2026-07-10', [once])?.half).toEqual({ until: '13:00' });
		expect(holidayFor('2027-07-10', [once])).toBeNull();
	});

	it('skips 29 February in common years', () => {
		const leap: MunicipalHoliday = { kind: 'date', month: 2, day: 29, name: 'Dia bissexto' };
		expect(holidaysOf(2026, [leap]).some((h) => h.date.endsWith('-02-29') || h.date.endsWith('-03-01'))).toBe(false);
		expect(holidayFor('2028-02-29', [leap])?.name).toBe('Dia bissexto');
	});

	it('keeps one entry per date: a national full day beats a local rule on the same date', () => {
		const clash: MunicipalHoliday[] = [
			{ kind: 'date', month: 11, day: 2, name: 'Dia local', half: { until: '12:00' } },
			{ kind: 'date', month: 12, day: 25, name: 'Natal municipal' }
		];
		const list = holidaysOf(2026, clash);
		expect(list.filter((h) => h.date === '2026-11-02')).toEqual([expect.objectContaining({ name: 'Finados', half: null, national: true })]);
		expect(holidayOn('2026-12-25', list)).toMatchObject({ name: 'Natal', national: true });
		expect(list.length).toBe(nationalHolidays(2026).length);
	});

	it('between two half days on one date keeps the later reopening', () => {
		const rules: MunicipalHoliday[] = [
			{ kind: 'easter_offset', offset: -46, name: 'Cinzas', half: { until: '12:00' } },
			{ kind: 'date', month: 2, day: 18, name: 'Outro', half: { until: '14:00' } }
		];
		expect(holidayFor('2026-02-18', rules)?.half).toEqual({ until: '14:00' });
	});

	it('returns the list sorted by date', () => {
		const list = holidaysOf(2026, [...FEDERAL_OPTIONAL_DAYS, FLORIANOPOLIS]);
		expect(list.map((h) => h.date)).toEqual([...list.map((h) => h.date)].sort());
	});
});

describe('MunicipalHolidaySchema', () => {
	it('accepts the three kinds of rule', () => {
		expect(MunicipalHolidaySchema.safeParse(FLORIANOPOLIS).success).toBe(true);
		for (const rule of FEDERAL_OPTIONAL_DAYS) expect(MunicipalHolidaySchema.safeParse(rule).success).toBe(true);
		expect(MunicipalHolidaySchema.safeParse({ kind: 'once', date: '2026-07-10', name: 'Jogo', half: null }).success).toBe(true);
	});

	it.each([
		[{ kind: 'date', month: 2, day: 30, name: 'x' }],
		[{ kind: 'date', month: 13, day: 1, name: 'x' }],
		[{ kind: 'once', date: '2026-02-30', name: 'x' }],
		[{ kind: 'easter_offset', offset: 1.5, name: 'x' }],
		[{ kind: 'date', month: 1, day: 20, name: ' ' }],
		[{ kind: 'date', month: 1, day: 20, name: 'x', half: { until: '14h' } }],
		[{ kind: 'weekly', name: 'x' }]
	])('rejects %j', (rule) => {
		expect(MunicipalHolidaySchema.safeParse(rule).success).toBe(false);
	});
});
