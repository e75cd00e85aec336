/*
 * Protocol numbers (docs/domain.md#protocol-numbers): the year, the per-year sequence padded to 6 digits, a dash and
 * one check digit — '2026000123-7'. All digits, so it can be read over the phone.
 *
 * The check digit is ISO/IEC 7064 MOD 11,10, a hybrid mod-11 system with a decimal result:
 *
 *     p = 10
 *     for each digit d, left to right:  s = (p + d) mod 10, or 10 when that is 0;  p = 2·s mod 11
 *     check = (11 − p) mod 10
 *
 * Each step is a bijection of p over 1..10 for a fixed digit and of the digit for a fixed p, and
 * the final map p → check is one-to-one, so every single-digit typo (check digit included) is
 * caught; about 98% of swaps of two neighbouring digits are caught too. A plain weighted mod 11
 * (as in CPF) folds remainder 10 into 0 and misses some typos, or needs an 'X' digit.
 *
 * A year with more than 999,999 protocols keeps going with a longer sequence rather than failing.
 */

const SEQ_WIDTH = 6;

/** ISO/IEC 7064 MOD 11,10 check digit of a string of decimal digits. */
export function protocolCheckDigit(digits: string): number {
	if (!/^\d+$/.test(digits)) throw new RangeError('A check digit is computed over decimal digits');
	let p = 10;
	for (const ch of digits) {
		const s = (p + Number(ch)) % 10 || 10;
		p = (2 * s) % 11;
	}
	return (11 - p) % 10;
}

/** Protocol number of the `seq`-th protocol of `year`, e.g. (2026, 123) → '2026000123-7' (docs/domain.md#protocol-numbers). */
export function formatProtocolNumber(year: number, seq: number): string {
	if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Bad protocol year: ${year}`);
	if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Bad protocol sequence: ${seq}`);
	const body = `${year}${String(seq).padStart(SEQ_WIDTH, '0')}`;
	return `${body}-${protocolCheckDigit(body)}`;
}

/**
 * The year and sequence of a protocol number as typed — spaces, dots, slashes and the dash are
 * optional — or null when it is malformed or its check digit is wrong.
 */
export function parseProtocolNumber(input: string): { year: number; seq: number } | null {
	const digits = input.replace(/[\s.\-/\u2010-\u2015]/g, '');
	// 4 year digits, at least 6 sequence digits, 1 check digit; 16 keeps Number exact.
	if (!/^\d{11,16}$/.test(digits)) return null;
	const body = digits.slice(0, -1);
	if (protocolCheckDigit(body) !== Number(digits.slice(-1))) return null;
	const year = Number(body.slice(0, 4));
	const seqDigits = body.slice(4);
	// Only the canonical spelling: a sequence longer than 6 digits has no leading zero.
	if (seqDigits.length > SEQ_WIDTH && seqDigits.startsWith('0')) return null;
	const seq = Number(seqDigits);
	if (year < 1000 || seq < 1) return null;
	return { year, seq };
}
