import { BOOKING_CODE_ALPHABET } from '$lib/appointments/codes';

/*
 * The kiosk's on-screen keys: a touch kiosk has no OS keyboard, so each field brings the keys it
 * needs and no more — digits for a CPF, the 32 symbols of a booking code (no I, O, 0 or 1, which
 * the codes never use), letters for the service search (accent-insensitive, so no accents).
 */

/** A key: a character typed as is, or an editing key. */
export type Key = string | 'backspace' | 'clear' | 'space';

export const DIGIT_ROWS: readonly (readonly Key[])[] = [
	['1', '2', '3'],
	['4', '5', '6'],
	['7', '8', '9'],
	['clear', '0', 'backspace']
];

export const BOOKING_CODE_ROWS: readonly (readonly Key[])[] = [
	[...BOOKING_CODE_ALPHABET.slice(0, 8)],
	[...BOOKING_CODE_ALPHABET.slice(8, 16)],
	[...BOOKING_CODE_ALPHABET.slice(16, 24)],
	[...BOOKING_CODE_ALPHABET.slice(24, 32)],
	['clear', 'backspace']
];

export const SEARCH_ROWS: readonly (readonly Key[])[] = [
	[...'QWERTYUIOP'],
	[...'ASDFGHJKLÇ'],
	[...'ZXCVBNM'],
	['clear', 'space', 'backspace']
];

/** The field's text after a key, never longer than `max` characters. */
export function typeKey(value: string, key: Key, max: number): string {
	if (key === 'clear') return '';
	if (key === 'backspace') return [...value].slice(0, -1).join('');
	const added = value + (key === 'space' ? ' ' : key);
	return [...added].length > max ? value : added;
}

/** A CPF as it is being typed, grouped like the card shows it: 123.456.789-09. Non-digits are dropped. */
export function groupCpf(typed: string): string {
	const d = typed.replace(/\D/g, '').slice(0, 11);
	if (d.length <= 3) return d;
	if (d.length <= 6) return `${d.slice(0, 3)}.${d.slice(3)}`;
	if (d.length <= 9) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
	return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

/** A booking code as it is being typed, in its printed groups: K7M-Q2X-9PD. */
export function groupBookingCode(typed: string): string {
	const s = typed.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 9);
	return [s.slice(0, 3), s.slice(3, 6), s.slice(6)].filter(Boolean).join('-');
}

/** A Brazilian mobile number as it is being typed, as people write it: (48) 99999-0000. */
export function groupPhone(typed: string): string {
	const d = typed.replace(/\D/g, '').slice(0, 11);
	if (d.length <= 2) return d.length ? `(${d}` : '';
	if (d.length <= 7) return `(${d.slice(0, 2)}) ${d.slice(2)}`;
	return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
}
