import { z } from 'zod';
import { saneDate, type IsoDate } from '$lib/units/holidays';
import { WEEKDAYS, type Weekday } from '$lib/units/hours';

/*
 * Appointment capacity as data. The store keeps one template per (unit, service); nothing
 * here knows which unit or service it belongs to, nor the clock.
 *
 * Times are local wall-clock 'HH:mm' in the unit's zone ('24:00' may end a window); a window
 * never crosses midnight. A window is cut into back-to-back slots of `slotMinutes` from its
 * start; a last slot that would run past the window's end is not offered.
 *
 * `places` is how many citizens of this service the unit's counters can serve in one slot.
 * `walkInShare` keeps a share of that for people who come without an appointment, so it
 * REDUCES what can be booked: bookable = places − ⌈places × walkInShare⌉ (the walk-in part is
 * rounded up, so walk-ins always keep at least their share; 2 places at 0.25 leave 1 bookable,
 * 1 place at any share above 0 leaves none). Set it to 0 when `places` already counts only
 * the bookable places.
 */

/** One bookable window of a day: local [start, end), slot length in minutes and places per slot. */
export interface CapacityWindow {
	readonly start: string;
	readonly end: string;
	readonly slotMinutes: number;
	readonly places: number;
}

/** Bookable windows per weekday; a missing weekday takes no appointments. */
export type WeeklyCapacity = { readonly [K in Weekday]?: readonly CapacityWindow[] };

/** A unit's weekly appointment capacity for one service. */
export interface CapacityTemplate {
	readonly windows: WeeklyCapacity;
	/** Share (0..1) of each slot's places kept for walk-ins; see {@link bookablePlaces}. */
	readonly walkInShare: number;
	/** The last bookable local date is today + `horizonDays` (0: today only). */
	readonly horizonDays: number;
	/** A slot can be booked only when it starts at least this many minutes after now. */
	readonly minNoticeMinutes: number;
}

/** A date that departs from the template: closed, or open with other (usually fewer) windows. */
export type CapacityException =
	| { readonly date: IsoDate; readonly kind: 'closed'; readonly reason?: string }
	| { readonly date: IsoDate; readonly kind: 'reduced'; readonly windows: readonly CapacityWindow[]; readonly reason?: string };

const START = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes after local midnight of 'HH:mm' (or '24:00'). */
export function minutesOfDay(time: string): number {
	return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Places of a slot left for booking after the walk-in share, rounding the walk-in part up. */
export function bookablePlaces(places: number, walkInShare: number): number {
	// The epsilon absorbs binary fractions such as 10 × 0.3 = 3.0000000000000004.
	const walkIns = Math.ceil(places * walkInShare - 1e-9);
	return Math.max(0, places - Math.max(0, walkIns));
}

/** One window as admins enter it: it must fit at least one slot. */
export const CapacityWindowSchema = z
	.object({
		start: z.string().regex(START, 'Use HH:mm (00:00–23:59)'),
		end: z.string().regex(END, 'Use HH:mm (00:00–24:00)'),
		slotMinutes: z.number().int().min(5).max(480),
		places: z.number().int().min(1).max(1000)
	})
	.refine((w) => minutesOfDay(w.end) - minutesOfDay(w.start) >= w.slotMinutes, {
		message: 'A janela deve caber ao menos um horário',
		path: ['end']
	});

/** One day's windows: each fits a slot, sorted and not overlapping. */
const DayWindowsSchema = z
	.array(CapacityWindowSchema)
	.max(12)
	.superRefine((windows, ctx) => {
		for (let i = 1; i < windows.length; i++) {
			if (minutesOfDay(windows[i].start) < minutesOfDay(windows[i - 1].end)) {
				ctx.addIssue({ code: 'custom', path: [i, 'start'], message: 'As janelas devem estar em ordem e sem sobreposição' });
			}
		}
	});

/** A weekly capacity template as admins edit it. */
export const CapacityTemplateSchema = z.object({
	windows: z.partialRecord(z.enum(WEEKDAYS), DayWindowsSchema),
	walkInShare: z.number().min(0).max(1),
	horizonDays: z.number().int().min(0).max(366),
	minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 60)
});

const ExceptionDate = saneDate();
const Reason = z.string().trim().min(1).max(200).optional();

/** One date's exception: closed, or reduced to its own windows. */
export const CapacityExceptionSchema = z.discriminatedUnion('kind', [
	z.object({ date: ExceptionDate, kind: z.literal('closed'), reason: Reason }),
	z.object({ date: ExceptionDate, kind: z.literal('reduced'), windows: DayWindowsSchema, reason: Reason })
]);

/** A unit-service's exceptions, at most one per date. */
export const CapacityExceptionsSchema = z.array(CapacityExceptionSchema).superRefine((list, ctx) => {
	const seen = new Set<string>();
	list.forEach((e, i) => {
		if (seen.has(e.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: 'Já existe uma exceção nesta data' });
		seen.add(e.date);
	});
});

/** A template as stored per unit and service: the capacity plus whether a CPF may hold one active appointment only (default). */
export type StoredCapacityTemplate = CapacityTemplate & { readonly oneActivePerCpf?: boolean };
export type StoredCapacityException = CapacityException;

/** What managers send to set a unit-service's capacity. */
export const CapacitySettingsSchema = z.object({
	template: CapacityTemplateSchema.extend({ oneActivePerCpf: z.boolean().optional() }),
	exceptions: CapacityExceptionsSchema.default([])
});
