import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, SCREEN_BACKOFF } from '../../../src/lib/realtime/backoff';

describe('screen reconnection back-off', () => {
	it('doubles from one second and stops growing at five', () => {
		expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, 0.5))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
	});

	it('spreads every wait between half and one and a half times, so screens do not return in one burst', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
				const plain = Math.min(SCREEN_BACKOFF.maxMs, SCREEN_BACKOFF.baseMs * 2 ** Math.min(attempt, 30));
				const delay = backoffDelay(attempt, random);
				expect(delay).toBeGreaterThanOrEqual(Math.floor(plain * 0.5));
				expect(delay).toBeLessThanOrEqual(Math.ceil(plain * 1.5));
			})
		);
		expect(backoffDelay(5, 0)).toBe(2500);
		expect(backoffDelay(5, 0.999)).toBe(7495);
	});
});
