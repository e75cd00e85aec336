import { describe, expect, it } from 'vitest';
import { formatTicketNumber, isValidPrefix, localDay } from '$lib/queue/numbering';

describe('formatTicketNumber', () => {
	it('pads the sequence to three digits', () => {
		expect(formatTicketNumber('A', 1)).toBe('A001');
		expect(formatTicketNumber('B', 23)).toBe('B023');
		expect(formatTicketNumber('AA', 999)).toBe('AA999');
	});

	it('lets the number grow past 999 instead of wrapping', () => {
		expect(formatTicketNumber('A', 1000)).toBe('A1000');
		expect(formatTicketNumber('ZZZ', 12345)).toBe('ZZZ12345');
	});

	it('refuses a malformed prefix or sequence', () => {
		expect(() => formatTicketNumber('a', 1)).toThrow(RangeError);
		expect(() => formatTicketNumber('ABCD', 1)).toThrow(RangeError);
		expect(() => formatTicketNumber('A', 0)).toThrow(RangeError);
		expect(() => formatTicketNumber('A', 1.5)).toThrow(RangeError);
	});
});

describe('isValidPrefix', () => {
	it('accepts one to three capital letters', () => {
		for (const p of ['A', 'Z', 'AA', 'ABC']) expect(isValidPrefix(p)).toBe(true);
	});

	it('rejects anything else', () => {
		for (const p of ['', 'a', 'ABCD', 'A1', 'Á', ' A', 'A-']) expect(isValidPrefix(p)).toBe(false);
	});
});

describe('localDay', () => {
	it('keeps the evening in São Paulo on the same day when UTC has already turned', () => {
		expect(localDay(new Date('2026-03-03T02:30:00Z'), 'America/Sao_Paulo')).toBe('2026-03-02');
		expect(localDay(new Date('2026-03-03T02:59:59Z'), 'America/Sao_Paulo')).toBe('2026-03-02');
		expect(localDay(new Date('2026-03-03T03:00:00Z'), 'America/Sao_Paulo')).toBe('2026-03-03');
	});

	it('turns the day an hour earlier in Fernando de Noronha (UTC−2)', () => {
		expect(localDay(new Date('2026-03-03T01:59:59Z'), 'America/Noronha')).toBe('2026-03-02');
		expect(localDay(new Date('2026-03-03T02:30:00Z'), 'America/Noronha')).toBe('2026-03-03');
	});

	it('is ahead of UTC in Tokyo', () => {
		expect(localDay(new Date('2026-03-02T14:59:59Z'), 'Asia/Tokyo')).toBe('2026-03-02');
		expect(localDay(new Date('2026-03-02T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-03');
	});

	it('refuses an unknown zone', () => {
		expect(() => localDay(new Date('2026-03-02T12:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
	});
});
