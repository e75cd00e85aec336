import { describe, expect, it } from 'vitest';
import { attendedShare, average, csatPercent, meanAbsoluteError, onTargetShare, share } from '../../../src/lib/stats/aggregate';

describe('report aggregations', () => {
	it('averages, and has no average for nothing', () => {
		// (60 + 120 + 300 + 600) / 4 = 270
		expect(average([60, 120, 300, 600])).toBe(270);
		expect(average([])).toBeNull();
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
