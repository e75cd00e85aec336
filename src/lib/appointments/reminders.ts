/**
 * When an appointment's reminders go out on the visitor's phone. A unit sets them as leads before
 * the appointment (the day before and about two hours before, unless it says otherwise); each is
 * sent once, when it falls due.
 */

/** The phone channels a booking may ask reminders on (push needs an open ticket page). */
export const REMINDER_CHANNELS = ['whatsapp', 'sms'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/**
 * The booking form's reminder choice as a booking's `notify`: a phone channel with the number
 * typed, or none — the "no reminders" option, or anything else a form posts.
 */
export function reminderRequest(choice: string, phone: string): { channel: ReminderChannel; phone: string } | undefined {
	const channel = REMINDER_CHANNELS.find((c) => c === choice);
	return channel && { channel, phone };
}

/** The day before (24 h) and about two hours before, in minutes. */
export const DEFAULT_REMINDER_MINUTES: readonly number[] = [24 * 60, 2 * 60];
/** At most this many reminders per appointment, each from a minute to a week before. */
export const MAX_REMINDERS = 3;
export const MAX_REMINDER_MINUTES = 7 * 24 * 60;

export interface ReminderClock {
	readonly start: Date;
	/** The booking's or the last reschedule's time: reminders whose moment came before it are not owed. */
	readonly from: Date;
	/** The unit's leads, in minutes before the start. */
	readonly leads: readonly number[];
	readonly now: Date;
}

/**
 * The reminder due now, as its lead in minutes, or null. Only reminders whose moment falls after
 * the booking count (booking three hours ahead owes no "the day before" message); of those already
 * due, only the latest is sent, so a server down for a day sends one reminder, not a burst.
 */
export function dueReminder({ start, from, leads, now }: ReminderClock): number | null {
	if (now.getTime() >= start.getTime()) return null;
	let due: number | null = null;
	for (const lead of leads) {
		const moment = start.getTime() - lead * 60_000;
		if (moment >= from.getTime() && moment <= now.getTime() && (due === null || lead < due)) due = lead;
	}
	return due;
}

/**
 * The admin form's "24 h, 2 h" (or "90 min"; a bare number is hours) as minutes, longest first;
 * an empty text means no reminders. What it cannot read comes back as NaN for the schema to refuse.
 */
export function reminderLeadsFromText(text: string): number[] {
	return text
		.split(/[,;]+/)
		.map((part) => part.trim().toLowerCase())
		.filter(Boolean)
		.map((part) => {
			const m = /^(\d{1,4})\s*(h|min)?$/.exec(part);
			if (!m) return Number.NaN;
			return Number(m[1]) * (m[2] === 'min' ? 1 : 60);
		})
		.sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : b - a));
}

/** A lead as people write it: whole hours as "24 h", anything else as "90 min". */
export function leadText(minutes: number): string {
	return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
