import { DateTime } from 'luxon';
import { ownCheck } from '$lib/i18n/field-problem';
import { z } from 'zod';

/*
 * Brazilian holidays as pure data: national rules are built in, municipal (or per-unit)
 * rules come from the admins' table. Dates are local calendar dates 'YYYY-MM-DD'; nothing
 * here knows about time zones or the clock.
 */

/** A local calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

/**
 * A half-day holiday: closed until `until` ('HH:mm' local), open afterwards — the shape of
 * the federal "ponto facultativo até as 14 horas" on Ash Wednesday.
 */
export interface HalfDay {
	readonly until: string;
}

/** When a local holiday falls: a fixed date every year, an offset from Easter Sunday, or one date. */
export type HolidayRule =
	| { readonly kind: 'date'; readonly month: number; readonly day: number }
	| { readonly kind: 'easter_offset'; readonly offset: number }
	| { readonly kind: 'once'; readonly date: IsoDate };

/** One row of a municipal (or unit) holiday table, Lei 9.093/1995 art. 2 (up to 4 religious holidays). */
export type MunicipalHoliday = HolidayRule & {
	readonly name: string;
	readonly half?: HalfDay | null;
	readonly legalAct?: string;
};

/** A holiday on a given date, after the rules of a year have been expanded. */
export interface Holiday {
	readonly date: IsoDate;
	readonly name: string;
	readonly half: HalfDay | null;
	readonly national: boolean;
	readonly legalAct: string | null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
	return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/*
 * The years any date typed or sent to Vez may fall in. Nothing the city does happens outside
 * them, and years like 0000 or 9999 only arrive as typos or probes: PostgreSQL cannot hold some
 * of them and a day-by-day walk up to year 10000 never ends.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const SANE_DATE_MESSAGE = `Use YYYY-MM-DD, a date from ${FIRST_YEAR} to ${LAST_YEAR}.`;

/** True for a real calendar date 'YYYY-MM-DD' inside FIRST_YEAR…LAST_YEAR: what every date field accepts. */
export function isSaneDate(value: string): boolean {
	return isIsoDate(value) && yearOf(value) >= FIRST_YEAR && yearOf(value) <= LAST_YEAR;
}

/** Whether an instant (a booking's start, an Open311 filter) falls inside FIRST_YEAR…LAST_YEAR. */
export function isSaneInstant(instant: Date): boolean {
	const year = instant.getUTCFullYear();
	return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** A date field of an input schema. */
export const saneDate = () => z.string().refine(isSaneDate, SANE_DATE_MESSAGE);

function ymd(year: number, month: number, day: number): IsoDate {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The year of a 'YYYY-MM-DD' date. */
export function yearOf(date: IsoDate): number {
	return Number(date.slice(0, 4));
}

/** The date `days` calendar days after (or before, when negative) `date`. */
export function addDays(date: IsoDate, days: number): IsoDate {
	return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/** Easter Sunday of a Gregorian year, by the anonymous (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): IsoDate {
	if (!Number.isInteger(year) || year < 1583 || year > 9999) {
		throw new RangeError(`easterSunday needs a Gregorian year (1583–9999), got ${year}`);
	}
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return ymd(year, month, day);
}

const CIVIL = 'Lei 662/1949, red. Lei 10.607/2002';

/** National holidays of a year: Lei 662/1949 (Lei 10.607/2002), Lei 6.802/1980, Lei 14.759/2023, and Good Friday. */
export function nationalHolidays(year: number): readonly Holiday[] {
	const fixed = (month: number, day: number, name: string, legalAct: string): Holiday => ({
		date: ymd(year, month, day),
		name,
		half: null,
		national: true,
		legalAct
	});
	const list: Holiday[] = [
		fixed(1, 1, 'Confraternização Universal', CIVIL),
		{
			date: addDays(easterSunday(year), -2),
			name: 'Paixão de Cristo (Sexta-feira Santa)',
			half: null,
			national: true,
			legalAct: 'Lei 9.093/1995'
		},
		fixed(4, 21, 'Tiradentes', CIVIL),
		fixed(5, 1, 'Dia do Trabalho', CIVIL),
		fixed(9, 7, 'Independência do Brasil', CIVIL),
		fixed(10, 12, 'Nossa Senhora Aparecida', 'Lei 6.802/1980'),
		fixed(11, 2, 'Finados', CIVIL),
		fixed(11, 15, 'Proclamação da República', CIVIL)
	];
	// Lei 14.759 of 21 Dec 2023 made Black Consciousness Day national from 2024 on.
	if (year >= 2024) list.push(fixed(11, 20, 'Dia Nacional de Zumbi e da Consciência Negra', 'Lei 14.759/2023'));
	list.push(fixed(12, 25, 'Natal', CIVIL));
	return list.sort((x, y) => x.date.localeCompare(y.date));
}

/**
 * Federal optional days (pontos facultativos, set yearly by a federal portaria) that many
 * cities adopt as holidays: a unit observes them only by putting these rules in its table.
 */
export const FEDERAL_OPTIONAL_DAYS: readonly MunicipalHoliday[] = [
	{ kind: 'easter_offset', offset: -48, name: 'Carnaval (segunda-feira)' },
	{ kind: 'easter_offset', offset: -47, name: 'Carnaval (terça-feira)' },
	{ kind: 'easter_offset', offset: -46, name: 'Quarta-feira de Cinzas', half: { until: '14:00' } },
	{ kind: 'easter_offset', offset: 60, name: 'Corpus Christi' }
];

function ruleDate(rule: HolidayRule, year: number): IsoDate | null {
	switch (rule.kind) {
		case 'date': {
			const date = ymd(year, rule.month, rule.day);
			return isIsoDate(date) ? date : null; // 29 Feb only in leap years
		}
		case 'easter_offset':
			return addDays(easterSunday(year), rule.offset);
		case 'once':
			return yearOf(rule.date) === year ? rule.date : null;
	}
}

/** A full day outranks a half day; between two half days the later reopening wins (closed longer). */
function stronger(a: Holiday, b: Holiday): Holiday {
	if (!a.half && b.half) return a;
	if (a.half && !b.half) return b;
	if (a.half && b.half) return a.half.until >= b.half.until ? a : b;
	return a.national || !b.national ? a : b;
}

/**
 * Holidays of a year, national plus the given local rules, one per date, sorted by date
 * (Lei 9.093/1995: national civil holidays plus municipal religious ones).
 */
export function holidaysOf(year: number, municipalRules: readonly MunicipalHoliday[] = []): readonly Holiday[] {
	const byDate = new Map<IsoDate, Holiday>();
	const put = (h: Holiday) => {
		const existing = byDate.get(h.date);
		byDate.set(h.date, existing ? stronger(existing, h) : h);
	};
	for (const h of nationalHolidays(year)) put(h);
	for (const rule of municipalRules) {
		const date = ruleDate(rule, year);
		// An easter offset can leave the year (e.g. −100 days); it belongs to that other year's list.
		if (!date || yearOf(date) !== year) continue;
		put({ date, name: rule.name, half: rule.half ?? null, national: false, legalAct: rule.legalAct ?? null });
	}
	return [...byDate.values()].sort((x, y) => x.date.localeCompare(y.date));
}

/** The holiday on a date in an expanded list, or null. */
export function holidayOn(date: IsoDate, list: readonly Holiday[]): Holiday | null {
	return list.find((h) => h.date === date) ?? null;
}

/** The holiday on a date under national rules plus the local table, or null. */
export function holidayFor(date: IsoDate, municipalRules: readonly MunicipalHoliday[] = []): Holiday | null {
	return holidayOn(date, holidaysOf(yearOf(date), municipalRules));
}

const Name = z.string().trim().min(1).max(120);
const Half = z.object({ until: z.string().regex(HH_MM, 'Use HH:mm') }).nullable().optional();
const LegalAct = z.string().trim().min(1).max(200).optional();

/** One row of the municipal holiday table as admins edit it (Lei 9.093/1995). */
export const MunicipalHolidaySchema = z.discriminatedUnion('kind', [
	z
		.object({
			kind: z.literal('date'),
			month: z.number().int().min(1).max(12),
			day: z.number().int().min(1).max(31),
			name: Name,
			half: Half,
			legalAct: LegalAct
		})
		// 2000 is a leap year, so 29 Feb is accepted and simply skipped in other years.
		.refine((r) => isIsoDate(ymd(2000, r.month, r.day)), ownCheck('invalid_date', 'No such date.', ['day'])),
	z.object({
		kind: z.literal('easter_offset'),
		offset: z.number().int().min(-120).max(120),
		name: Name,
		half: Half,
		legalAct: LegalAct
	}),
	z.object({
		kind: z.literal('once'),
		date: z.string().refine(isSaneDate, ownCheck('invalid_date', SANE_DATE_MESSAGE)),
		name: Name,
		half: Half,
		legalAct: LegalAct
	})
]);
