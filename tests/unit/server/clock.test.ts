import { describe, expect, it } from 'vitest';
import { clockOf, parseClock } from '../../../src/lib/server/clock';
import { readConfig } from '../../../src/lib/server/config';

const noFile = (): string => {
	throw new Error('ENOENT');
};

describe('the server clock', () => {
	it('is the real clock unless VEZ_CLOCK_START, VEZ_CLOCK_RATE or VEZ_CLOCK_FILE is set', () => {
		expect(readConfig({}).clock).toBeNull();
		let real = 1_000;
		const now = clockOf(null, { real: () => real, read: noFile });
		real = 5_000;
		expect(now().getTime()).toBe(5_000);
	});

	it('starts at VEZ_CLOCK_START and runs VEZ_CLOCK_RATE times as fast as real time', () => {
		const setting = readConfig({ VEZ_CLOCK_START: '2026-03-02T08:00:00-03:00', VEZ_CLOCK_RATE: '300' }).clock;
		expect(setting).toEqual({ kind: 'compressed', start: new Date('2026-03-02T11:00:00Z'), rate: 300 });
		let real = 50_000;
		const now = clockOf(setting, { real: () => real, read: noFile });
		expect(now().toISOString()).toBe('2026-03-02T11:00:00.000Z');
		real += 2_000;
		expect(now().toISOString()).toBe('2026-03-02T11:10:00.000Z');
	});

	it('runs from the real start-up time when only the rate is given', () => {
		let real = Date.parse('2026-01-01T00:00:00Z');
		const now = clockOf(parseClock({ VEZ_CLOCK_RATE: '60' }), { real: () => real, read: noFile });
		real += 1_000;
		expect(now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
	});

	it('reads the time written in VEZ_CLOCK_FILE at every look, and keeps the last good one through a bad read', () => {
		let text = '2026-03-02T10:00:00-03:00';
		const now = clockOf(parseClock({ VEZ_CLOCK_FILE: '/tmp/clock' }), {
			real: () => 0,
			read: (path) => {
				expect(path).toBe('/tmp/clock');
				if (text === 'gone') throw new Error('ENOENT');
				return `${text}\n`;
			}
		});
		expect(now().toISOString()).toBe('2026-03-02T13:00:00.000Z');
		text = '2026-03-02T10:07:30-03:00';
		expect(now().toISOString()).toBe('2026-03-02T13:07:30.000Z');
		text = '2026-03-0';
		expect(now().toISOString()).toBe('2026-03-02T13:07:30.000Z');
		text = 'gone';
		expect(now().toISOString()).toBe('2026-03-02T13:07:30.000Z');
	});

	it('refuses a clock file that was never written, rather than running on real time', () => {
		const now = clockOf(parseClock({ VEZ_CLOCK_FILE: '/tmp/none' }), { real: () => 0, read: noFile });
		expect(() => now()).toThrow(/VEZ_CLOCK_FILE/);
	});

	it('refuses a start without a time, a rate that is not positive, or a file with either, rather than running on real time', () => {
		expect(() => parseClock({ VEZ_CLOCK_START: '2026-03-02' })).toThrow(/VEZ_CLOCK_START/);
		expect(() => parseClock({ VEZ_CLOCK_START: 'yesterday' })).toThrow(/VEZ_CLOCK_START/);
		expect(() => parseClock({ VEZ_CLOCK_RATE: '0' })).toThrow(/VEZ_CLOCK_RATE/);
		expect(() => parseClock({ VEZ_CLOCK_RATE: 'fast' })).toThrow(/VEZ_CLOCK_RATE/);
		expect(() => parseClock({ VEZ_CLOCK_RATE: '-2' })).toThrow(/VEZ_CLOCK_RATE/);
		expect(() => parseClock({ VEZ_CLOCK_FILE: '/tmp/c', VEZ_CLOCK_RATE: '2' })).toThrow(/VEZ_CLOCK_FILE/);
	});
});
