import { DateTime, IANAZone } from 'luxon';
import { ownCheck } from '$lib/i18n/field-problem';
import { z } from 'zod';
import { addDays, holidayFor, isIsoDate, type IsoDate, type MunicipalHoliday } from './holidays';

/*
 * A unit's weekly opening hours, read in the unit's own time zone and cut by holidays.
 * Intervals are local wall-clock 'HH:mm' pairs that never cross midnight ('24:00' may end
 * a day); a half-day holiday closes the unit until its `until` time. Time comes in as an
 * argument, so everything here is deterministic.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Weekly opening hours in the unit's zone, e.g. `{ mon: [['08:00', '12:00'], ['13:00', '17:00']] }`. */
export type OpeningHours = Partial<Record<Weekday, [string, string][]>>;

/** A local [start, end) pair of 'HH:mm' times. */
export type Interval = readonly [start: string, end: string];

/** Read-only view of {@link OpeningHours}; every `OpeningHours` value is one. */
export type ReadonlyOpeningHours = { readonly [K in Weekday]?: readonly Interval[] };

/** A concrete opening on a date, as instants. */
export interface Window {
	readonly start: Date;
	readonly end: Date;
}

const START = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes after local midnight of a valid start ('HH:mm') or end ('HH:mm' or '24:00') time, else null. */
function minutesOf(time: string, asEnd: boolean): number | null {
	if (!(asEnd ? END : START).test(time)) return null;
	return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** True for a valid local time 'HH:mm' (00:00–23:59). */
export function isValidTime(time: string): boolean {
	return START.test(time);
}

const Start = z.string().regex(START, 'Use HH:mm (00:00–23:59)');
const End = z.string().regex(END, 'Use HH:mm (00:00–24:00)');

/** One day's intervals: each start before its end, sorted and not overlapping. */
const DaySchema = z
	.array(z.tuple([Start, End]))
	.max(12)
	.superRefine((intervals, ctx) => {
		let previousEnd = -1;
		intervals.forEach(([start, end], i) => {
			const s = minutesOf(start, false);
			const e = minutesOf(end, true);
			if (s === null || e === null) return;
			if (s >= e) ctx.addIssue({ code: 'custom', ...ownCheck('start_after_end', 'The start must come before the end.', [i]) });
			else if (s < previousEnd)
				ctx.addIssue({ code: 'custom', ...ownCheck('overlap', 'Intervals must be in order and must not overlap.', [i]) });
			previousEnd = Math.max(previousEnd, e);
		});
	});

/** Opening hours as admins enter them; a missing weekday means closed that day. */
export const OpeningHoursSchema = z.partialRecord(z.enum(WEEKDAYS), DaySchema);

function assertZone(timezone: string): void {
	if (!IANAZone.isValidZone(timezone)) throw new RangeError(`Unknown time zone: ${timezone}`);
}

function assertDate(date: string): void {
	if (!isIsoDate(date)) throw new RangeError(`Not a 'YYYY-MM-DD' date: ${date}`);
}

/** The weekday of a local date. */
export function weekdayOf(date: IsoDate): Weekday {
	assertDate(date);
	return WEEKDAYS[DateTime.fromISO(date, { zone: 'utc' }).weekday - 1];
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(instant: Date, timezone: string): IsoDate {
	assertZone(timezone);
	return DateTime.fromJSDate(instant, { zone: timezone }).toISODate()!;
}

/** The local wall-clock time of an instant, 'HH:mm'. */
export const localTimeOf = (instant: Date, timezone: string): string => DateTime.fromJSDate(instant, { zone: timezone }).toFormat('HH:mm');

/**
 * The instant of a local wall-clock time in a zone; '24:00' is the next day's midnight. A time
 * skipped by a daylight-saving jump moves forward by the jump (02:30 → 03:30 in New York on
 * 2026-03-08); a time repeated by the autumn change takes its later, standard-time occurrence
 * (01:30 in New York on 2026-11-01 is 06:30Z).
 */
export function atLocalTime(date: IsoDate, time: string, timezone: string): Date {
	assertZone(timezone);
	assertDate(date);
	const minutes = minutesOf(time, true);
	if (minutes === null) throw new RangeError(`Not an 'HH:mm' time: ${time}`);
	if (minutes === 24 * 60) return DateTime.fromISO(addDays(date, 1), { zone: timezone }).toJSDate();
	const [year, month, day] = date.split('-').map(Number);
	return DateTime.fromObject(
		{ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
		{ zone: timezone }
	).toJSDate();
}

/** A day's intervals that are well formed; bad ones (the schema rejects them on write) count as closed. */
function validIntervals(intervals: readonly Interval[] | undefined): Interval[] {
	const out: Interval[] = [];
	for (const [start, end] of intervals ?? []) {
		const s = minutesOf(start, false);
		const e = minutesOf(end, true);
		if (s !== null && e !== null && s < e) out.push([start, end]);
	}
	return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The local intervals a unit is open on a date: its weekday's hours, none on a full holiday,
 * and from `half.until` on for a half-day holiday (national rules plus the local table).
 */
export function hoursForDate(
	hours: ReadonlyOpeningHours,
	date: IsoDate,
	holidays: readonly MunicipalHoliday[] = []
): readonly Interval[] {
	const intervals = validIntervals(hours[weekdayOf(date)]);
	const holiday = holidayFor(date, holidays);
	if (!holiday) return intervals;
	if (!holiday.half) return [];
	const until = holiday.half.until;
	return intervals
		.filter(([, end]) => end > until)
		.map(([start, end]): Interval => [start > until ? start : until, end]);
}

/** The instants a unit is open on a local date in its zone (see {@link hoursForDate}). */
export function openWindowsOn(
	hours: ReadonlyOpeningHours,
	timezone: string,
	date: IsoDate,
	holidays: readonly MunicipalHoliday[] = []
): readonly Window[] {
	assertZone(timezone);
	return hoursForDate(hours, date, holidays)
		.map(([start, end]) => ({ start: atLocalTime(date, start, timezone), end: atLocalTime(date, end, timezone) }))
		.filter((w) => w.start < w.end);
}

/** Whether the unit is open at an instant, by its hours in its zone and its holidays. */
export function isOpenAt(
	hours: ReadonlyOpeningHours,
	timezone: string,
	now: Date,
	holidays: readonly MunicipalHoliday[] = []
): boolean {
	return openWindowsOn(hours, timezone, localDateOf(now, timezone), holidays).some(
		(w) => w.start <= now && now < w.end
	);
}

/**
 * Whether a unit takes tickets now: inside its opening hours, or at any hour when it is set to
 * issue outside them (the demo units). The one rule behind the issue, the kiosk's closed screen
 * and every "open now" a visitor reads, so no screen says "closed" while the kiosk prints.
 */
export function acceptsTicketsAt(
	unit: { readonly openingHours: ReadonlyOpeningHours; readonly timezone: string; readonly settings: { readonly issueOutsideHours?: boolean } },
	now: Date
): boolean {
	return unit.settings.issueOutsideHours === true || isOpenAt(unit.openingHours, unit.timezone, now);
}

/**
 * Why a unit turns a ticket away now, with when it opens again (null: its hours never open), or
 * null when it takes tickets: what the kiosk's closed screen shows and the issue's error carries.
 */
export function closedNow(
	unit: Parameters<typeof acceptsTicketsAt>[0],
	now: Date
): { opensAt: string | null } | null {
	if (acceptsTicketsAt(unit, now)) return null;
	return { opensAt: nextOpening(unit.openingHours, unit.timezone, now)?.toISOString() ?? null };
}

/** How far ahead {@link nextOpening} looks: a year and then some covers any holiday table. */
const SEARCH_DAYS = 400;

/**
 * The first instant at or after `now` when the unit is open — `now` itself when it is open —
 * or null when its hours never open.
 */
export function nextOpening(
	hours: ReadonlyOpeningHours,
	timezone: string,
	now: Date,
	holidays: readonly MunicipalHoliday[] = []
): Date | null {
	if (!WEEKDAYS.some((d) => validIntervals(hours[d]).length > 0)) return null;
	const today = localDateOf(now, timezone);
	for (let i = 0; i < SEARCH_DAYS; i++) {
		for (const w of openWindowsOn(hours, timezone, addDays(today, i), holidays)) {
			if (w.end > now) return w.start > now ? w.start : now;
		}
	}
	return null;
}

/** When the unit closes for the day on a local date (end of its last interval), or null if it does not open. */
export function closingTimeOn(
	hours: ReadonlyOpeningHours,
	timezone: string,
	date: IsoDate,
	holidays: readonly MunicipalHoliday[] = []
): Date | null {
	const windows = openWindowsOn(hours, timezone, date, holidays);
	return windows.length ? windows[windows.length - 1].end : null;
}
