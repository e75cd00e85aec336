import { describe, expect, it } from 'vitest';
import { attendedShare, average, csatPercent, durationStats, meanAbsoluteError, median, onTargetShare, p90, percentile, share } from '../../../src/lib/stats/aggregate';

describe('report aggregations', () => {
	it('averages, and has no average for nothing', () => {
		// (60 + 120 + 300 + 600) / 4 = 270
		expect(average([60, 120, 300, 600])).toBe(270);
		expect(average([])).toBeNull();
	});

	it('takes the median between the two middle values of an even list, as percentile_cont does', () => {
		expect(median([600, 60, 300, 120])).toBe(210); // sorted 60 120 300 600 → (120 + 300) / 2
		expect(median([5, 1, 3])).toBe(3);
		expect(median([])).toBeNull();
	});

	it('interpolates the 90th percentile linearly between closest ranks', () => {
		// 10 values 10..100: rank 0.9 × 9 = 8.1 → 90 + 0.1 × (100 − 90) = 91
		expect(p90([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toBeCloseTo(91, 10);
		// 1, 2, 3, 4, 10: rank 3.6 → 4 + 0.6 × 6 = 7.6
		expect(p90([1, 2, 3, 4, 10])).toBeCloseTo(7.6, 10);
		expect(p90([42])).toBe(42);
		expect(percentile([1, 2, 3], 0)).toBe(1);
		expect(percentile([1, 2, 3], 1)).toBe(3);
	});

	it('gives the three duration columns at once', () => {
		expect(durationStats([60, 120, 180])).toEqual({ avg: 120, p50: 120, p90: 168 });
		expect(durationStats([])).toEqual({ avg: null, p50: null, p90: null });
	});

	it('takes attendance over appointments that came due: attended and no-shows, not cancelled', () => {
		// 18 checked in, 2 no-shows (cancellations are not passed in): 18 / 20 = 0.9
		expect(attendedShare(18, 2)).toBe(0.9);
		expect(attendedShare(0, 3)).toBe(0);
		expect(attendedShare(0, 0)).toBeNull();
	});

	it('counts 4–5 ratings as satisfied for CSAT in percent', () => {
		expect(csatPercent(3, 4)).toBe(75);
		expect(csatPercent(0, 0)).toBeNull();
		expect(share(1, 4)).toBe(0.25);
	});

	it('counts a wait equal to the Carta target as within it', () => {
		const waits = [
			{ waitSeconds: 600, targetSeconds: 900 },
			{ waitSeconds: 900, targetSeconds: 900 },
			{ waitSeconds: 901, targetSeconds: 900 },
			{ waitSeconds: 1200, targetSeconds: 1800 }
		];
		expect(onTargetShare(waits)).toBe(0.75);
		expect(onTargetShare([])).toBeNull();
	});

	it('measures the estimates by their mean absolute error', () => {
		// |10 − 12| + |5 − 2| + |0 − 0| = 5 over 3
		expect(meanAbsoluteError([{ estimate: 10, actual: 12 }, { estimate: 5, actual: 2 }, { estimate: 0, actual: 0 }])).toBeCloseTo(5 / 3, 10);
		expect(meanAbsoluteError([])).toBeNull();
	});
});
