import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProtocolNumber, parseProtocolNumber, protocolCheckDigit } from '$lib/requests/protocol-number';

const yearArb = fc.integer({ min: 2000, max: 2100 });
const seqArb = fc.oneof(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1_000_000, max: 99_999_999 }));

describe('protocolCheckDigit (ISO/IEC 7064 MOD 11,10)', () => {
	it('matches worked examples', () => {
		expect(protocolCheckDigit('2026000123')).toBe(7);
		expect(protocolCheckDigit('2026000001')).toBe(7);
		// Croatia's OIB uses the same system: 12345678903 and 69435151530 are valid OIBs.
		expect(protocolCheckDigit('1234567890')).toBe(3);
		expect(protocolCheckDigit('6943515153')).toBe(0);
	});

	it('refuses anything but digits', () => {
		expect(() => protocolCheckDigit('2026-1')).toThrow(RangeError);
		expect(() => protocolCheckDigit('')).toThrow(RangeError);
	});
});

describe('formatProtocolNumber', () => {
	it('writes the year, the sequence padded to 6 digits, a dash and the check digit', () => {
		expect(formatProtocolNumber(2026, 123)).toBe('2026000123-7');
		expect(formatProtocolNumber(2026, 1)).toBe('2026000001-7');
		expect(formatProtocolNumber(2026, 999_999)).toMatch(/^2026999999-\d$/);
	});

	it('keeps going past 999,999 protocols a year with a longer sequence', () => {
		expect(formatProtocolNumber(2026, 1_000_000)).toMatch(/^20261000000-\d$/);
	});

	it.each([
		[999, 1],
		[10_000, 1],
		[2026, 0],
		[2026, -1],
		[2026, 1.5]
	])('refuses year %i, sequence %d', (year, seq) => {
		expect(() => formatProtocolNumber(year, seq)).toThrow(RangeError);
	});
});

describe('parseProtocolNumber', () => {
	it.each(['2026000123-7', '20260001237', ' 2026 000123 7 ', '2026.000.123-7', '2026/000123-7'])('reads %j', (input) => {
		expect(parseProtocolNumber(input)).toEqual({ year: 2026, seq: 123 });
	});

	it.each([
		['a wrong check digit', '2026000123-4'],
		['too few digits', '202600123-7'],
		['letters', '2026A00123-7'],
		['an empty string', ''],
		['sequence zero', `2026000000-${protocolCheckDigit('2026000000')}`],
		['a padded long sequence', `20260000123-${protocolCheckDigit('20260000123')}`]
	])('rejects %s', (_, input) => {
		expect(parseProtocolNumber(input)).toBeNull();
	});

	it('round-trips format → parse', () => {
		fc.assert(
			fc.property(yearArb, seqArb, (year, seq) => {
				expect(parseProtocolNumber(formatProtocolNumber(year, seq))).toEqual({ year, seq });
			})
		);
	});

	it('detects every one-digit typo, check digit included', () => {
		fc.assert(
			fc.property(yearArb, seqArb, fc.nat(), fc.integer({ min: 1, max: 9 }), (year, seq, at, shift) => {
				const number = formatProtocolNumber(year, seq);
				const positions = [...number].flatMap((ch, i) => (ch === '-' ? [] : [i]));
				const i = positions[at % positions.length];
				const typo = number.slice(0, i) + ((Number(number[i]) + shift) % 10) + number.slice(i + 1);
				expect(parseProtocolNumber(typo)).toBeNull();
			}),
			{ numRuns: 2000 }
		);
	});

	it('detects a dropped digit', () => {
		fc.assert(
			fc.property(yearArb, fc.integer({ min: 1, max: 999_999 }), fc.nat(), (year, seq, at) => {
				const digits = formatProtocolNumber(year, seq).replace('-', '');
				const i = at % digits.length;
				expect(parseProtocolNumber(digits.slice(0, i) + digits.slice(i + 1))).toBeNull();
			})
		);
	});

	it('detects most swaps of neighbouring digits (about 98%)', () => {
		let swaps = 0;
		let caught = 0;
		for (let seq = 1; seq <= 20_000; seq += 7) {
			const digits = formatProtocolNumber(2026, seq).replace('-', '');
			for (let i = 0; i < digits.length - 1; i++) {
				if (digits[i] === digits[i + 1]) continue;
				swaps++;
				if (!parseProtocolNumber(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2))) caught++;
			}
		}
		expect(caught / swaps).toBeGreaterThan(0.95);
	});
});
