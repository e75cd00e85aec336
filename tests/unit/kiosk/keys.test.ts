import { describe, expect, it } from 'vitest';
import { BOOKING_CODE_ROWS, DIGIT_ROWS, groupBookingCode, groupCpf, groupPhone, typeKey } from '$lib/components/kiosk/keys';
import { idleLimit, ticketSeconds } from '$lib/components/kiosk/idle';
import { BOOKING_CODE_ALPHABET } from '$lib/appointments/codes';

describe('kiosk keys', () => {
	it('types, deletes and clears, never past the field length', () => {
		expect(typeKey('', '1', 3)).toBe('1');
		expect(typeKey('12', 'backspace', 3)).toBe('1');
		expect(typeKey('', 'backspace', 3)).toBe('');
		expect(typeKey('123', '4', 3)).toBe('123');
		expect(typeKey('IPTU', 'space', 10)).toBe('IPTU ');
		expect(typeKey('IPTU', 'clear', 10)).toBe('');
	});

	it('groups a CPF and a booking code as they are printed, whatever was typed in between', () => {
		expect(groupCpf('529')).toBe('529');
		expect(groupCpf('5299822')).toBe('529.982.2');
		expect(groupCpf('52998224725')).toBe('529.982.247-25');
		expect(groupCpf('529.982.247-25 9')).toBe('529.982.247-25');
		expect(groupBookingCode('k7m')).toBe('K7M');
		expect(groupBookingCode('k7mq2x9pd')).toBe('K7M-Q2X-9PD');
		expect(groupBookingCode('K7M-Q2')).toBe('K7M-Q2');
	});

	it('offers digits for a CPF and exactly the 32 symbols booking codes use', () => {
		expect(DIGIT_ROWS.flat().filter((k) => /^\d$/.test(k)).sort()).toEqual([...'0123456789']);
		const symbols = BOOKING_CODE_ROWS.flat().filter((k) => k.length === 1);
		expect(symbols.join('')).toBe(BOOKING_CODE_ALPHABET);
		expect(symbols).not.toContain('O');
		expect(symbols).not.toContain('I');
	});
});

describe('kiosk time limits', () => {
	it('warns before going back to the start, and doubles every limit in accessibility mode', () => {
		const normal = idleLimit({ name: 'checkin' }, false)!;
		expect(normal.warnMs).toBeLessThan(normal.limitMs);
		expect(idleLimit({ name: 'checkin' }, true)).toEqual({ limitMs: normal.limitMs * 2, warnMs: normal.warnMs * 2 });
		expect(idleLimit({ name: 'error', kind: 'network' }, false)).not.toBeNull();
		expect(ticketSeconds(true)).toBe(2 * ticketSeconds(false));
	});

	it('never times out the start screen, a closed unit or an unlinked kiosk', () => {
		expect(idleLimit({ name: 'start' }, false)).toBeNull();
		expect(idleLimit({ name: 'error', kind: 'closed' }, false)).toBeNull();
		expect(idleLimit({ name: 'error', kind: 'unauthorized' }, false)).toBeNull();
	});
});

describe('phone grouping on the kiosk', () => {
	it('groups a mobile number as it is typed, as people write it', () => {
		expect(['', '4', '48', '489', '4899999', '48999990', '48999990172', '489999901729'].map(groupPhone)).toEqual([
			'',
			'(4',
			'(48',
			'(48) 9',
			'(48) 99999',
			'(48) 99999-0',
			'(48) 99999-0172',
			'(48) 99999-0172'
		]);
	});
});
