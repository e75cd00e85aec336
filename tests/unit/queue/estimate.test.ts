import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decayedAverage, estimateWaitMinutes, positionOf } from '$lib/queue/estimate';

const NOW = new Date('2026-03-02T15:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe('estimateWaitMinutes', () => {
	it('is zero for the next ticket', () => {
		expect(estimateWaitMinutes({ position: 0, openCounters: 2, averageServiceSeconds: 600 })).toEqual({
			minutes: 0,
			countersOpen: 2
		});
	});

	it('shares the tickets ahead among the open counters', () => {
		expect(estimateWaitMinutes({ position: 6, openCounters: 3, averageServiceSeconds: 600 }).minutes).toBe(20);
		expect(estimateWaitMinutes({ position: 7, openCounters: 3, averageServiceSeconds: 600 }).minutes).toBe(30);
		expect(estimateWaitMinutes({ position: 4, openCounters: 1, averageServiceSeconds: 150 }).minutes).toBe(10);
	});

	it('rounds to whole minutes', () => {
		expect(estimateWaitMinutes({ position: 1, openCounters: 1, averageServiceSeconds: 100 }).minutes).toBe(2);
		expect(estimateWaitMinutes({ position: 1, openCounters: 1, averageServiceSeconds: 80 }).minutes).toBe(1);
	});

	it('assumes one counter when none is open, and says so', () => {
		expect(estimateWaitMinutes({ position: 3, openCounters: 0, averageServiceSeconds: 300 })).toEqual({
			minutes: 15,
			countersOpen: 0
		});
	});

	it('never goes negative or NaN on odd input', () => {
		const e = estimateWaitMinutes({ position: -2, openCounters: Number.NaN, averageServiceSeconds: -10 });
		expect(e).toEqual({ minutes: 0, countersOpen: 0 });
	});

	it('grows with the position and shrinks with more counters', () => {
		const pos = fc.integer({ min: 0, max: 500 });
		const counters = fc.integer({ min: 0, max: 20 });
		const avg = fc.integer({ min: 0, max: 3600 });
		fc.assert(
			fc.property(pos, pos, counters, counters, avg, (p1, p2, c1, c2, averageServiceSeconds) => {
				const [pLow, pHigh] = p1 <= p2 ? [p1, p2] : [p2, p1];
				const [cLow, cHigh] = c1 <= c2 ? [c1, c2] : [c2, c1];
				const e = (position: number, openCounters: number) =>
					estimateWaitMinutes({ position, openCounters, averageServiceSeconds }).minutes;
				expect(e(pLow, cLow)).toBeLessThanOrEqual(e(pHigh, cLow));
				expect(e(pLow, cHigh)).toBeLessThanOrEqual(e(pLow, cLow));
				expect(Number.isInteger(e(pLow, cLow))).toBe(true);
			})
		);
	});
});

describe('decayedAverage', () => {
	it('falls back to the catalogue time without samples', () => {
		expect(decayedAverage([], NOW, 60, 600)).toBe(600);
	});

	it('is the plain mean of samples of the same age', () => {
		const samples = [100, 200, 600].map((seconds) => ({ seconds, at: minutesAgo(5) }));
		expect(decayedAverage(samples, NOW, 60, 999)).toBeCloseTo(300);
	});

	it('halves the weight of a sample one half-life older', () => {
		const samples = [
			{ seconds: 100, at: minutesAgo(0) },
			{ seconds: 400, at: minutesAgo(30) }
		];
		expect(decayedAverage(samples, NOW, 30, 999)).toBeCloseTo(200);
	});

	it("still uses yesterday's samples when they are all there is", () => {
		const samples = [
			{ seconds: 300, at: minutesAgo(24 * 60) },
			{ seconds: 500, at: minutesAgo(24 * 60) }
		];
		expect(decayedAverage(samples, NOW, 15, 999)).toBeCloseTo(400);
	});

	it('ignores unusable samples', () => {
		const samples = [
			{ seconds: Number.NaN, at: minutesAgo(1) },
			{ seconds: -5, at: minutesAgo(1) },
			{ seconds: 240, at: minutesAgo(1) }
		];
		expect(decayedAverage(samples, NOW, 60, 999)).toBe(240);
		expect(decayedAverage(samples.slice(0, 2), NOW, 60, 999)).toBe(999);
	});

	it('stays between the smallest and the largest sample', () => {
		const sample = fc.record({
			seconds: fc.integer({ min: 0, max: 7200 }),
			at: fc.integer({ min: 0, max: 3 * 24 * 60 }).map(minutesAgo)
		});
		fc.assert(
			fc.property(fc.array(sample, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 240 }), (samples, halfLife) => {
				const avg = decayedAverage(samples, NOW, halfLife, -1);
				const values = samples.map((s) => s.seconds);
				expect(avg).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
				expect(avg).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
			})
		);
	});
});

describe('positionOf', () => {
	const order = ['a', 'b', 'c'].map((id) => ({ ticket: { id } }));

	it('counts the tickets ahead', () => {
		expect(positionOf('a', order)).toBe(0);
		expect(positionOf('c', order)).toBe(2);
	});

	it('is null for a ticket not in the queue', () => {
		expect(positionOf('z', order)).toBeNull();
	});
});
