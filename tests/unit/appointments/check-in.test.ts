import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInDecision } from '$lib/appointments/check-in';

const START = new Date('2026-03-10T13:00:00Z');
const plus = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

describe('checkInDecision', () => {
	it('issues the ticket from 30 minutes before to 15 minutes after, both ends included', () => {
		for (const m of [-30, -10, 0, 15]) expect(checkInDecision({ appointmentStart: START, now: plus(m) })).toEqual({ kind: 'on_time' });
	});

	it('tells an early citizen when to come back', () => {
		expect(checkInDecision({ appointmentStart: START, now: plus(-31) })).toEqual({ kind: 'too_early', comeBackAt: plus(-30) });
		expect(checkInDecision({ appointmentStart: START, now: plus(-240) })).toEqual({ kind: 'too_early', comeBackAt: plus(-30) });
	});

	it('turns a late check-in into a walk-in ticket, or refuses it when the unit says so', () => {
		expect(checkInDecision({ appointmentStart: START, now: plus(16) })).toEqual({ kind: 'late_walk_in' });
		expect(checkInDecision({ appointmentStart: START, now: plus(16), lateBecomesWalkIn: false })).toEqual({ kind: 'too_late' });
	});

	it('follows the unit’s own margins', () => {
		const opts = { appointmentStart: START, earlyMinutes: 10, lateMinutes: 0 };
		expect(checkInDecision({ ...opts, now: plus(-11) })).toEqual({ kind: 'too_early', comeBackAt: plus(-10) });
		expect(checkInDecision({ ...opts, now: plus(0) })).toEqual({ kind: 'on_time' });
		expect(checkInDecision({ ...opts, now: new Date(START.getTime() + 1) })).toEqual({ kind: 'late_walk_in' });
		expect(() => checkInDecision({ ...opts, now: START, lateMinutes: -1 })).toThrow(RangeError);
	});

	it('partitions time into early, on time and late around the window', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -600, max: 600 }),
				fc.integer({ min: 0, max: 120 }),
				fc.integer({ min: 0, max: 120 }),
				(m, early, late) => {
					const d = checkInDecision({ appointmentStart: START, now: plus(m), earlyMinutes: early, lateMinutes: late });
					const expected = m < -early ? 'too_early' : m <= late ? 'on_time' : 'late_walk_in';
					expect(d.kind).toBe(expected);
					if (d.kind === 'too_early') expect(d.comeBackAt.getTime()).toBeGreaterThan(plus(m).getTime());
				}
			)
		);
	});
});
