import { DateTime } from 'luxon';
import type { QueueTicket } from './ticket';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Weekly opening hours in the unit's zone, e.g. `{ mon: [['08:00', '17:00']] }`. */
export type OpeningHours = Partial<Record<Weekday, readonly (readonly [string, string])[]>>;

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HHMM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

function minutesOf(hhmm: string): number | null {
	const m = HHMM.exec(hhmm);
	if (!m) return null;
	return m[3] ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

function localNow(now: Date, timezone: string): DateTime {
	const local = DateTime.fromJSDate(now, { zone: timezone });
	if (!local.isValid) throw new RangeError(`Invalid date or time zone: ${timezone}`);
	return local;
}

/**
 * Issue 3, end of day: today's cutoff in the unit's zone — the configured `endOfDay` hour,
 * else the last closing time of today's hours; null when the unit does not open today and no
 * hour is configured. Malformed times and intervals that do not end after they start are ignored.
 */
export function closingCutoff(unitHours: OpeningHours, endOfDay: string | null, timezone: string, now: Date): Date | null {
	const day = localNow(now, timezone).startOf('day');
	let minutes = endOfDay === null ? null : minutesOf(endOfDay);
	if (minutes === null) {
		for (const [open, close] of unitHours[WEEKDAYS[day.weekday - 1]] ?? []) {
			const start = minutesOf(open);
			const end = minutesOf(close);
			if (start !== null && end !== null && end > start && (minutes === null || end > minutes)) minutes = end;
		}
	}
	if (minutes === null) return null;
	// Wall-clock arithmetic, so the hour stays right on a day a zone shifts its clock.
	const local = minutes === 24 * 60 ? day.plus({ days: 1 }) : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
	return local.toJSDate();
}

/**
 * Issue 3, end of day: waiting tickets enqueued before this instant expire now. It is today's
 * cutoff once it has passed, otherwise the start of the local day, so leftovers of earlier days
 * (a missed sweep, a ticket transferred after closing) never carry into a new day's queue.
 */
export function expiryCutoff(unitHours: OpeningHours, endOfDay: string | null, timezone: string, now: Date): Date {
	const cutoff = closingCutoff(unitHours, endOfDay, timezone, now);
	if (cutoff && cutoff.getTime() <= now.getTime()) return cutoff;
	return localNow(now, timezone).startOf('day').toJSDate();
}

/** The waiting tickets the end-of-day sweep expires: those that entered their queue before the cutoff, once it has passed. */
export function ticketsToExpire<T extends Pick<QueueTicket, 'status' | 'enqueuedAt'>>(
	tickets: readonly T[],
	cutoff: Date,
	now: Date
): readonly T[] {
	if (cutoff.getTime() > now.getTime()) return [];
	return tickets.filter((t) => t.status === 'waiting' && t.enqueuedAt.getTime() < cutoff.getTime());
}
