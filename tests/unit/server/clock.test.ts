import { describe, expect, it } from 'vitest';
import { clockOf, parseClock } from '../../../src/lib/server/clock';
import { readConfig } from '../../../src/lib/server/config';

describe('the server clock', () => {
	it('is the real clock unless VEZ_CLOCK_START or VEZ_CLOCK_RATE is set', () => {
		expect(readConfig({}).clock).toBeNull();
		let real = 1_000;
		const now = clockOf(null, () => real);
		real = 5_000;
		expect(now().getTime()).toBe(5_000);
	});

	it('starts at VEZ_CLOCK_START and runs VEZ_CLOCK_RATE times as fast as real time', () => {
		const setting = readConfig({ VEZ_CLOCK_START: '2026-03-02T08:00:00-03:00', VEZ_CLOCK_RATE: '300' }).clock;
		expect(setting).toEqual({ start: new Date('2026-03-02T11:00:00Z'), rate: 300 });
		let real = 50_000;
		const now = clockOf(setting, () => real);
		expect(now().toISOString()).toBe('2026-03-02T11:00:00.000Z');
		real += 2_000;
		expect(now().toISOString()).toBe('2026-03-02T11:10:00.000Z');
	});

	it('runs from the real start-up time when only the rate is given', () => {
		let real = Date.parse('2026-01-01T00:00:00Z');
		const now = clockOf(parseClock(undefined, '60'), () => real);
		real += 1_000;
		expect(now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
	});

	it('refuses a start without a time or a rate that is not positive, rather than running on real time', () => {
		expect(() => parseClock('2026-03-02', undefined)).toThrow(/VEZ_CLOCK_START/);
		expect(() => parseClock('yesterday', undefined)).toThrow(/VEZ_CLOCK_START/);
		expect(() => parseClock(undefined, '0')).toThrow(/VEZ_CLOCK_RATE/);
		expect(() => parseClock(undefined, 'fast')).toThrow(/VEZ_CLOCK_RATE/);
		expect(() => parseClock(undefined, '-2')).toThrow(/VEZ_CLOCK_RATE/);
	});
});
