import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOKING_CODE_ALPHABET, formatBookingCode, parseBookingCode } from '$lib/appointments/codes';

const bytes = fc.uint8Array({ minLength: 5, maxLength: 5 });
const symbolsOf = (code: string) => code.replace(/-/g, '');
const regroup = (s: string) => `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`;

describe('formatBookingCode', () => {
	it('makes nine characters in three groups from an alphabet without 0, O, 1 or I', () => {
		expect(BOOKING_CODE_ALPHABET).toHaveLength(32);
		expect(BOOKING_CODE_ALPHABET).not.toMatch(/[0O1I]/);
		fc.assert(
			fc.property(bytes, (b) => {
				expect(formatBookingCode(b)).toMatch(/^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
			})
		);
	});

	it('is deterministic in its bytes and maps all-zero bytes to the first symbol', () => {
		expect(formatBookingCode(new Uint8Array(5))).toBe('222-222-222');
		expect(formatBookingCode(new Uint8Array([1, 2, 3, 4, 5, 6]))).toBe(formatBookingCode(new Uint8Array([1, 2, 3, 4, 5])));
		expect(() => formatBookingCode(new Uint8Array(4))).toThrow(RangeError);
	});

	it('gives different codes for different bytes (40 random bits)', () => {
		fc.assert(
			fc.property(bytes, bytes, (a, b) => {
				fc.pre(a.some((x, i) => x !== b[i]));
				expect(formatBookingCode(a)).not.toBe(formatBookingCode(b));
			})
		);
	});
});

describe('parseBookingCode', () => {
	it('round-trips every code, also typed in lower case, without dashes or with spaces', () => {
		fc.assert(
			fc.property(bytes, (b) => {
				const code = formatBookingCode(b);
				expect(parseBookingCode(code)).toEqual({ ok: true, code });
				expect(parseBookingCode(` ${symbolsOf(code).toLowerCase()} `)).toEqual({ ok: true, code });
				expect(parseBookingCode(code.replace(/-/g, ' '))).toEqual({ ok: true, code });
			})
		);
	});

	it('catches every single-character typo, the check character included', () => {
		fc.assert(
			fc.property(bytes, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 31 }), (b, pos, shift) => {
				const s = symbolsOf(formatBookingCode(b));
				const wrong = BOOKING_CODE_ALPHABET[(BOOKING_CODE_ALPHABET.indexOf(s[pos]) + shift) % 32];
				const typo = s.slice(0, pos) + wrong + s.slice(pos + 1);
				expect(parseBookingCode(regroup(typo))).toEqual({ ok: false, error: 'bad_check' });
			})
		);
	});

	it('catches every swap of two different neighbouring characters', () => {
		fc.assert(
			fc.property(bytes, fc.integer({ min: 0, max: 7 }), (b, pos) => {
				const s = symbolsOf(formatBookingCode(b));
				fc.pre(s[pos] !== s[pos + 1]);
				const swapped = s.slice(0, pos) + s[pos + 1] + s[pos] + s.slice(pos + 2);
				expect(parseBookingCode(swapped)).toEqual({ ok: false, error: 'bad_check' });
			})
		);
	});

	it('calls a wrong length or a character outside the alphabet malformed', () => {
		const code = formatBookingCode(new Uint8Array([200, 17, 3, 99, 250]));
		expect(parseBookingCode(code.slice(0, -1))).toEqual({ ok: false, error: 'malformed' });
		expect(parseBookingCode(code + 'A')).toEqual({ ok: false, error: 'malformed' });
		expect(parseBookingCode('')).toEqual({ ok: false, error: 'malformed' });
		expect(parseBookingCode('O' + code.slice(1))).toEqual({ ok: false, error: 'malformed' });
		expect(parseBookingCode('1' + code.slice(1))).toEqual({ ok: false, error: 'malformed' });
	});
});
