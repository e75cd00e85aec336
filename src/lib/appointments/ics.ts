import { DateTime, IANAZone } from 'luxon';

/*
 * The "add to calendar" file of an appointment, RFC 5545:
 *  - lines end in CRLF and are folded so no line exceeds 75 octets of UTF-8 (§3.1), a
 *    continuation line starting with one space, never splitting a character;
 *  - TEXT values escape backslash, semicolon, comma and newlines (§3.3.11); URL is a URI and
 *    is not escaped (§3.3.13), but may not carry control characters;
 *  - DTSTART/DTEND are local times with TZID, so the calendar shows the unit's wall-clock time
 *    even for a viewer elsewhere; the TZID refers to a VTIMEZONE (§3.6.5) built from the zone's
 *    real offsets (luxon) around the appointment, one observance per change, so it is right
 *    whatever the zone's daylight-saving rules were or become;
 *  - DTSTAMP is passed in (no hidden clock); a VALARM (§3.6.6) reminds before the start.
 */

export interface AppointmentIcsInput {
	readonly uid: string;
	readonly start: Date;
	readonly end: Date;
	readonly timezone: string;
	readonly summary: string;
	readonly location?: string | null;
	readonly description?: string | null;
	readonly url?: string | null;
	/** Minutes before the start for the reminder; null or undefined for none. */
	readonly alarmMinutesBefore?: number | null;
	/** When the file was produced (DTSTAMP). */
	readonly stamp: Date;
}

export const ICS_PRODID = '-//Vez//Agendamentos//PT-BR';

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values. */
export function escapeIcsText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/** RFC 5545 §3.1: a content line longer than 75 octets continues on lines starting with one space. */
export function foldIcsLine(line: string): string {
	const parts: string[] = [];
	let current = '';
	let octets = 0;
	for (const ch of line) {
		const size = encoder.encode(ch).length;
		// The first line holds 75 octets; a continuation holds 74 after its leading space.
		const limit = parts.length === 0 ? 75 : 74;
		if (octets + size > limit) {
			parts.push(current);
			current = '';
			octets = 0;
		}
		current += ch;
		octets += size;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

function utcStamp(d: Date): string {
	return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function localStamp(ms: number, timezone: string): string {
	return DateTime.fromMillis(ms, { zone: timezone }).toFormat("yyyyMMdd'T'HHmmss");
}

function offsetText(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** VTIMEZONE lines with the zone's offset changes from a year before to a year after the event. */
function vtimezone(timezone: string, around: Date): string[] {
	const zone = IANAZone.create(timezone);
	const offset = (ms: number) => zone.offset(ms);
	const isDst = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).isInDST;
	const year = around.getUTCFullYear();
	const from = Date.UTC(year - 1, 0, 1);
	const to = Date.UTC(year + 2, 0, 1);
	const observance = (ms: number, before: number, after: number, onset: string) => {
		const kind = isDst(ms) ? 'DAYLIGHT' : 'STANDARD';
		return [
			`BEGIN:${kind}`,
			`DTSTART:${onset}`,
			`TZOFFSETFROM:${offsetText(before)}`,
			`TZOFFSETTO:${offsetText(after)}`,
			`END:${kind}`
		];
	};
	const lines = ['BEGIN:VTIMEZONE', `TZID:${timezone}`];
	lines.push(...observance(from, offset(from), offset(from), localStamp(from, timezone)));
	for (let day = from; day < to; day += DAY) {
		if (offset(day) === offset(day + DAY)) continue;
		// Offsets change on whole minutes: narrow to the first minute of the new offset.
		let lo = day;
		let hi = day + DAY;
		while (hi - lo > MINUTE) {
			const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
			if (offset(mid) === offset(lo)) lo = mid;
			else hi = mid;
		}
		const before = offset(lo);
		// DTSTART of an observance is the local time of the change read in the old offset.
		const onset = DateTime.fromMillis(hi, { zone: 'utc' }).plus({ minutes: before }).toFormat("yyyyMMdd'T'HHmmss");
		lines.push(...observance(hi, before, offset(hi), onset));
	}
	lines.push('END:VTIMEZONE');
	return lines;
}

/** An appointment as an iCalendar file with a reminder, RFC 5545 (CRLF, 75-octet folding, TEXT escaping). */
export function appointmentIcs(input: AppointmentIcsInput): string {
	if (!IANAZone.isValidZone(input.timezone)) throw new RangeError(`Unknown time zone: ${input.timezone}`);
	if (!(input.end > input.start)) throw new RangeError('An appointment ends after it starts');
	if (input.url && /[\u0000-\u001f\u007f\s]/.test(input.url)) throw new RangeError('A URL may not contain spaces or control characters');
	const tz = input.timezone;
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		`PRODID:${ICS_PRODID}`,
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		...vtimezone(tz, input.start),
		'BEGIN:VEVENT',
		`UID:${escapeIcsText(input.uid)}`,
		`DTSTAMP:${utcStamp(input.stamp)}`,
		`DTSTART;TZID=${tz}:${localStamp(input.start.getTime(), tz)}`,
		`DTEND;TZID=${tz}:${localStamp(input.end.getTime(), tz)}`,
		`SUMMARY:${escapeIcsText(input.summary)}`
	];
	if (input.location) lines.push(`LOCATION:${escapeIcsText(input.location)}`);
	if (input.description) lines.push(`DESCRIPTION:${escapeIcsText(input.description)}`);
	if (input.url) lines.push(`URL:${input.url}`);
	lines.push('STATUS:CONFIRMED', 'TRANSP:OPAQUE');
	if (input.alarmMinutesBefore != null) {
		const minutes = input.alarmMinutesBefore;
		if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError('The reminder is a whole number of minutes before');
		lines.push(
			'BEGIN:VALARM',
			'ACTION:DISPLAY',
			`DESCRIPTION:${escapeIcsText(input.summary)}`,
			`TRIGGER:-PT${minutes}M`,
			'END:VALARM'
		);
	}
	lines.push('END:VEVENT', 'END:VCALENDAR');
	return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
