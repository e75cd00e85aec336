import { DateTime } from 'luxon';

const PREFIX = /^[A-Z]{1,3}$/;

/** docs/domain.md#ticket-numbers: a service's prefix in a unit is 1–3 capital letters (A … Z, AA …), as the database checks. */
export function isValidPrefix(prefix: string): boolean {
	return PREFIX.test(prefix);
}

/** docs/domain.md#ticket-numbers: prefix + sequence padded to 3 digits (`A001`); past 999 the number simply grows (`A1000`). */
export function formatTicketNumber(prefix: string, seq: number): string {
	if (!isValidPrefix(prefix)) throw new RangeError(`Invalid ticket prefix: ${JSON.stringify(prefix)}`);
	if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Invalid ticket sequence: ${seq}`);
	return prefix + String(seq).padStart(3, '0');
}

/** Numbers restart per local day: the calendar day (`YYYY-MM-DD`) of an instant in the unit's IANA zone. */
export function localDay(date: Date, timezone: string): string {
	const local = DateTime.fromJSDate(date, { zone: timezone });
	if (!local.isValid) throw new RangeError(`Invalid date or time zone: ${timezone}`);
	return local.toISODate() as string;
}
