/*
 * Booking codes: 8 random characters and 1 check character, shown as 'K7M-Q2X-9PD'.
 *
 * The alphabet has 32 symbols — digits 2–9 and A–Z without I and O — so the look-alikes 0/O
 * and 1/I never appear and each character carries exactly 5 random bits (40 bits from 5 bytes).
 * Lower case, spaces and dashes are accepted when typed.
 *
 * The check character is a Damm-style check over GF(32) (polynomial x⁵ + x² + 1):
 *
 *     p = 0;  for each symbol v:  p = 2·p ⊕ v        (· and ⊕ in GF(32))
 *     check = 2·p,  so that running over all nine symbols ends at p = 0
 *
 * The step is linear and 2 is invertible, so one wrong character anywhere (the check included)
 * leaves p ≠ 0; swapping neighbours x ≠ y changes p by (2 ⊕ 1)·(x ⊕ y) = 3·(x ⊕ y) ≠ 0. Every
 * single-character typo and every swap of two adjacent characters is caught.
 */

export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Random bytes a code consumes (only the first 5 are read). */
export const BOOKING_CODE_BYTES = 5;
const DATA_LENGTH = 8;

/** Multiplication by 2 in GF(32) modulo x⁵ + x² + 1. */
function times2(p: number): number {
	const q = p << 1;
	return q & 0x20 ? q ^ 0x25 : q;
}

function checkState(values: readonly number[]): number {
	let p = 0;
	for (const v of values) p = times2(p) ^ v;
	return p;
}

function grouped(symbols: string): string {
	return `${symbols.slice(0, 3)}-${symbols.slice(3, 6)}-${symbols.slice(6)}`;
}

/** A booking code from 5 random bytes (40 bits, 5 per character) plus a GF(32) check character. */
export function formatBookingCode(bytes: Uint8Array): string {
	if (bytes.length < BOOKING_CODE_BYTES) throw new RangeError(`A booking code needs ${BOOKING_CODE_BYTES} random bytes`);
	let bits = 0n;
	for (let i = 0; i < BOOKING_CODE_BYTES; i++) bits = (bits << 8n) | BigInt(bytes[i]);
	const values: number[] = [];
	for (let i = DATA_LENGTH - 1; i >= 0; i--) values.push(Number((bits >> BigInt(5 * i)) & 31n));
	values.push(times2(checkState(values)));
	return grouped(values.map((v) => BOOKING_CODE_ALPHABET[v]).join(''));
}

export type ParsedBookingCode =
	| { readonly ok: true; readonly code: string }
	| { readonly ok: false; readonly error: 'malformed' | 'bad_check' };

/** A typed or scanned booking code in canonical form, or why it is not one (wrong shape, or a typo the check character caught). */
export function parseBookingCode(input: string): ParsedBookingCode {
	const symbols = input.toUpperCase().replace(/[\s\-.\u2010-\u2015]/g, '');
	if (symbols.length !== DATA_LENGTH + 1) return { ok: false, error: 'malformed' };
	const values: number[] = [];
	for (const ch of symbols) {
		const v = BOOKING_CODE_ALPHABET.indexOf(ch);
		if (v < 0) return { ok: false, error: 'malformed' };
		values.push(v);
	}
	if (checkState(values) !== 0) return { ok: false, error: 'bad_check' };
	return { ok: true, code: grouped(symbols) };
}
