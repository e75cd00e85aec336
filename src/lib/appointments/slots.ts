import { DateTime, IANAZone } from 'luxon';
import { addDays, holidayFor, isIsoDate, type IsoDate, type MunicipalHoliday } from '$lib/units/holidays';
import { localDateOf, weekdayOf } from '$lib/units/hours';
import {
	bookablePlaces,
	minutesOfDay,
	type CapacityException,
	type CapacityTemplate,
	type CapacityWindow
} from './capacity';

/*
 * Slot generation in the unit's zone. For a local date:
 *  1. the windows are the template's for that weekday, or the date's exception's (closed: none;
 *     reduced: its windows), so an exception replaces the template for the day;
 *  2. holidays (national rules + the unit's table) still apply on top of an exception — a legal
 *     holiday is not something a capacity edit can book over: a full holiday closes the day, a
 *     half day ("ponto facultativo até as 14 horas") closes until `half.until` exactly as
 *     `hoursForDate` does: windows ending by then are dropped, a window running past it starts
 *     at `half.until` and its slots are cut from there;
 *  3. slots are cut on wall-clock times with luxon. A slot whose local start does not exist
 *     (skipped by a spring-forward jump) is not offered; a local start that occurs twice
 *     (autumn change) is offered once, at luxon's choice of offset. Each slot lasts
 *     `slotMinutes` of real time from its start, so no two slots overlap.
 * `slotsForDate` then keeps only what can be booked at `now`: the date is within the horizon
 * (today … today + horizonDays, local dates) and the slot starts at least `minNoticeMinutes`
 * after now. `daySlots` is the same day without those two cuts, for the staff day view.
 *
 * `booked` maps a slot's start (`Date.prototype.toISOString()`, UTC) to how many active
 * appointments hold it.
 */

/** Everything slot generation needs besides the date; `now` comes in as an argument. */
export interface SlotContext {
	readonly template: CapacityTemplate;
	readonly exceptions: readonly CapacityException[];
	readonly holidays: readonly MunicipalHoliday[];
	readonly timezone: string;
	readonly now: Date;
	readonly booked: ReadonlyMap<string, number>;
}

/** One slot as instants, with bookable places (after the walk-in share), booked and free counts. */
export interface Slot {
	readonly start: Date;
	readonly end: Date;
	readonly places: number;
	readonly booked: number;
	readonly free: number;
}

/** A day of a month view that still has room. */
export interface FreeDay {
	readonly date: IsoDate;
	readonly freeSlots: number;
	readonly freePlaces: number;
}

function assertZone(timezone: string): void {
	if (!IANAZone.isValidZone(timezone)) throw new RangeError(`Unknown time zone: ${timezone}`);
}

function assertDate(date: string): void {
	if (!isIsoDate(date)) throw new RangeError(`Not a 'YYYY-MM-DD' date: ${date}`);
}

const hhmm = (minutes: number) =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The windows of a local date after the exception and the holiday rules (steps 1 and 2 above). */
export function windowsForDate(
	ctx: Pick<SlotContext, 'template' | 'exceptions' | 'holidays'>,
	date: IsoDate
): readonly CapacityWindow[] {
	assertDate(date);
	const exception = ctx.exceptions.find((e) => e.date === date);
	const windows =
		exception?.kind === 'closed'
			? []
			: exception?.kind === 'reduced'
				? exception.windows
				: (ctx.template.windows[weekdayOf(date)] ?? []);
	const holiday = holidayFor(date, ctx.holidays);
	if (!holiday) return windows;
	if (!holiday.half) return [];
	const until = minutesOfDay(holiday.half.until);
	return windows
		.filter((w) => minutesOfDay(w.end) > until)
		.map((w) => (minutesOfDay(w.start) >= until ? w : { ...w, start: hhmm(until) }));
}

/** The instant of a local wall-clock time, or null when the zone skips it that day. */
function wallClock(date: IsoDate, minutes: number, timezone: string): Date | null {
	const [year, month, day] = date.split('-').map(Number);
	const hour = Math.floor(minutes / 60);
	const minute = minutes % 60;
	const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone: timezone });
	if (!dt.isValid || dt.day !== day || dt.hour !== hour || dt.minute !== minute) return null;
	return dt.toJSDate();
}

/** The `booked` map's key for a slot: its start as `toISOString()` (UTC), the same on every server. */
export function slotKey(start: Date): string {
	return start.toISOString();
}

const START = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A window the schema would accept; a bad stored one (the schema rejects it on write) counts as closed. */
function isUsable(w: CapacityWindow): boolean {
	return (
		START.test(w.start) &&
		END.test(w.end) &&
		Number.isInteger(w.slotMinutes) &&
		w.slotMinutes > 0 &&
		Number.isInteger(w.places) &&
		w.places >= 0
	);
}

/** Every slot of a local date by template, exceptions and holidays, ignoring notice and horizon (staff day view). */
export function daySlots(ctx: Omit<SlotContext, 'now'>, date: IsoDate): readonly Slot[] {
	assertZone(ctx.timezone);
	const byStart = new Map<number, Slot>();
	for (const w of windowsForDate(ctx, date)) {
		if (!isUsable(w)) continue;
		const places = bookablePlaces(w.places, ctx.template.walkInShare);
		const end = minutesOfDay(w.end);
		for (let m = minutesOfDay(w.start); m + w.slotMinutes <= end; m += w.slotMinutes) {
			const start = wallClock(date, m, ctx.timezone);
			if (!start || byStart.has(start.getTime())) continue;
			const booked = ctx.booked.get(slotKey(start)) ?? 0;
			byStart.set(start.getTime(), {
				start,
				end: new Date(start.getTime() + w.slotMinutes * 60_000),
				places,
				booked,
				free: Math.max(0, places - booked)
			});
		}
	}
	return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The last local date a citizen may book at `now`: today + horizonDays in the unit's zone. */
export function lastBookableDate(template: CapacityTemplate, timezone: string, now: Date): IsoDate {
	return addDays(localDateOf(now, timezone), template.horizonDays);
}

/** The slots of a local date a citizen may book at `now`: inside the horizon and at least the minimum notice ahead. */
export function slotsForDate(ctx: SlotContext & { readonly date: IsoDate }): readonly Slot[] {
	assertZone(ctx.timezone);
	assertDate(ctx.date);
	const today = localDateOf(ctx.now, ctx.timezone);
	if (ctx.date < today || ctx.date > lastBookableDate(ctx.template, ctx.timezone, ctx.now)) return [];
	const earliest = ctx.now.getTime() + ctx.template.minNoticeMinutes * 60_000;
	return daySlots(ctx, ctx.date).filter((s) => s.start.getTime() >= earliest);
}

/** Local dates from `from` to `to` with at least one free bookable slot, for the booking calendar. */
export function daysWithFreeSlots(ctx: SlotContext & { readonly from: IsoDate; readonly to: IsoDate }): readonly FreeDay[] {
	assertDate(ctx.from);
	assertDate(ctx.to);
	const out: FreeDay[] = [];
	for (let date = ctx.from; date <= ctx.to; date = addDays(date, 1)) {
		const free = slotsForDate({ ...ctx, date }).filter((s) => s.free > 0);
		if (free.length > 0) out.push({ date, freeSlots: free.length, freePlaces: free.reduce((n, s) => n + s.free, 0) });
	}
	return out;
}

/** The first local date from `from` (default today) through the horizon with a free bookable slot, or null. */
export function nextFreeDay(ctx: SlotContext & { readonly from?: IsoDate }): IsoDate | null {
	const today = localDateOf(ctx.now, ctx.timezone);
	const last = lastBookableDate(ctx.template, ctx.timezone, ctx.now);
	let date = ctx.from && ctx.from > today ? ctx.from : today;
	assertDate(date);
	for (; date <= last; date = addDays(date, 1)) {
		if (slotsForDate({ ...ctx, date }).some((s) => s.free > 0)) return date;
	}
	return null;
}

/** Why a requested start cannot be booked, or the slot itself when it can (checked again under the slot's lock). */
export type SlotCheck =
	| { readonly ok: true; readonly slot: Slot }
	| { readonly ok: false; readonly code: 'slot_not_offered' | 'slot_full' };

/** A booking request's start must be exactly a bookable slot of its local date with a free place. */
export function checkSlot(ctx: SlotContext, start: Date): SlotCheck {
	const date = localDateOf(start, ctx.timezone);
	const slot = slotsForDate({ ...ctx, date }).find((s) => s.start.getTime() === start.getTime());
	if (!slot) return { ok: false, code: 'slot_not_offered' };
	if (slot.free <= 0) return { ok: false, code: 'slot_full' };
	return { ok: true, slot };
}

/** Why a start is not offered, for a clear error: in the past, inside the minimum notice, past the horizon, a holiday, a closed date, or not a slot start. */
export type NotOfferedReason = 'past' | 'too_soon' | 'beyond_horizon' | 'holiday' | 'closed' | 'not_a_slot';

export function whyNotOffered(ctx: SlotContext, start: Date): NotOfferedReason {
	const date = localDateOf(start, ctx.timezone);
	if (start.getTime() < ctx.now.getTime()) return 'past';
	if (start.getTime() < ctx.now.getTime() + ctx.template.minNoticeMinutes * 60_000) return 'too_soon';
	if (date > lastBookableDate(ctx.template, ctx.timezone, ctx.now)) return 'beyond_horizon';
	if (holidayFor(date, ctx.holidays)) return 'holiday';
	if (windowsForDate(ctx, date).length === 0) return 'closed';
	return 'not_a_slot';
}

/** An instant as the API shows it: ISO 8601 in the unit's zone, to the second ("2026-03-10T08:00:00-03:00"). */
export const localIso = (d: Date, timezone: string) => DateTime.fromJSDate(d, { zone: timezone }).toISO({ suppressMilliseconds: true })!;
