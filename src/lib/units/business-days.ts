import { DateTime } from 'luxon';
import { addDays, holidaysOf, holidayOn, yearOf, type Holiday, type IsoDate, type MunicipalHoliday } from './holidays';
import { localDateOf, weekdayOf } from './hours';

/*
 * Deadlines (prazos) in the unit's zone. Lei 13.460/2017 and the LAI give deadlines in days
 * without saying how to count them, so Vez counts as the federal administrative procedure law
 * does (Lei 9.784/1999 art. 66, applied subsidiarily):
 *  - the start day is excluded and the due day included (caput);
 *  - days run continuously, weekends and holidays included (§2);
 *  - months run date to date, the last day of the month when the day is missing (§3);
 *  - a due day without office hours moves to the next business day (§1).
 * A half-day holiday (Ash Wednesday until 14:00) still has office hours, so it is a business
 * day: it counts in business days and a due date may fall on it.
 *
 * Units (the cartas-de-servico v3 units): 'days' (dias) follow art. 66 in full;
 * 'calendar_days' (dias corridos) are a plain calendar count — a service's promise such as
 * "delivered within 5 calendar days" — and do not move off weekends; 'business_days'
 * (dias úteis) count only Mon–Fri that are not full holidays; 'minutes' and 'hours' are
 * elapsed time (24 hours across a DST change is 24 real hours, not the same wall-clock time).
 * Day-based units end at the end of the due local day (23:59:59.999 in the zone).
 */

export const DEADLINE_UNITS = ['minutes', 'hours', 'days', 'calendar_days', 'business_days', 'months'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/** The most days a search for the next business day may walk before the table is deemed broken. */
const MAX_WALK = 400;

/** A business-day test over national rules plus the local table, expanding each year once. */
function businessDayTest(holidays: readonly MunicipalHoliday[]): (date: IsoDate) => boolean {
	const years = new Map<number, readonly Holiday[]>();
	return (date) => {
		const weekday = weekdayOf(date);
		if (weekday === 'sat' || weekday === 'sun') return false;
		const year = yearOf(date);
		let list = years.get(year);
		if (!list) years.set(year, (list = holidaysOf(year, holidays)));
		const holiday = holidayOn(date, list);
		return !holiday || holiday.half !== null;
	};
}

/** Mon–Fri and not a full-day holiday; a half-day holiday still has office hours (Lei 9.784/1999 art. 66 §1). */
export function isBusinessDay(date: IsoDate, holidays: readonly MunicipalHoliday[] = []): boolean {
	return businessDayTest(holidays)(date);
}

function onOrAfter(date: IsoDate, isBusiness: (date: IsoDate) => boolean): IsoDate {
	let d = date;
	for (let i = 0; i < MAX_WALK; i++, d = addDays(d, 1)) if (isBusiness(d)) return d;
	throw new RangeError(`No business day within ${MAX_WALK} days of ${date}`);
}

/** The date itself when a business day, else the next one (Lei 9.784/1999 art. 66 §1). */
export function businessDayOnOrAfter(date: IsoDate, holidays: readonly MunicipalHoliday[] = []): IsoDate {
	return onOrAfter(date, businessDayTest(holidays));
}

/**
 * Business days after `from` up to and including `to` (start excluded, end included, as
 * Lei 9.784/1999 art. 66 counts); negative when `to` is before `from`.
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate, holidays: readonly MunicipalHoliday[] = []): number {
	if (to < from) return -businessDaysBetween(to, from, holidays);
	const isBusiness = businessDayTest(holidays);
	let count = 0;
	for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusiness(d)) count++;
	return count;
}

/**
 * When a deadline of `amount` units started at `start` falls due, counted in the unit's zone
 * with national plus local holidays (Lei 9.784/1999 art. 66; see the file comment).
 */
export function addDeadline(
	start: Date,
	amount: number,
	unit: DeadlineUnit,
	timezone: string,
	holidays: readonly MunicipalHoliday[] = []
): Date {
	if (!Number.isSafeInteger(amount) || amount < 0) {
		throw new RangeError(`A deadline amount is a whole number ≥ 0, got ${amount}`);
	}
	if (unit === 'minutes') return new Date(start.getTime() + amount * 60_000);
	if (unit === 'hours') return new Date(start.getTime() + amount * 3_600_000);

	const isBusiness = businessDayTest(holidays);
	const startDay = localDateOf(start, timezone);
	let due: IsoDate;
	switch (unit) {
		case 'calendar_days':
			due = addDays(startDay, amount);
			break;
		case 'days':
			due = onOrAfter(addDays(startDay, amount), isBusiness);
			break;
		case 'business_days': {
			let d = startDay;
			for (let i = 0; i < amount; i++) d = onOrAfter(addDays(d, 1), isBusiness);
			due = amount === 0 ? onOrAfter(startDay, isBusiness) : d;
			break;
		}
		case 'months':
			// Luxon clamps 31 Jan + 1 month to 28/29 Feb, which is art. 66 §3's rule.
			due = onOrAfter(DateTime.fromISO(startDay, { zone: 'utc' }).plus({ months: amount }).toISODate()!, isBusiness);
			break;
		default:
			throw new RangeError(`Unknown deadline unit: ${unit satisfies never}`);
	}
	return DateTime.fromISO(due, { zone: timezone }).endOf('day').toJSDate();
}
