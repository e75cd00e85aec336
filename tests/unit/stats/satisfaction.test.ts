import { describe, expect, it } from 'vitest';
import { distributionOf, isScore, satisfaction, satisfactionOf } from '../../../src/lib/stats/satisfaction';

describe('satisfaction', () => {
	it('counts 4 and 5 as satisfied for CSAT and averages the scores', () => {
		// 5, 4, 3, 1 → two of four satisfied; (5 + 4 + 3 + 1) / 4 = 3.25
		const s = satisfaction([5, 4, 3, 1]);
		expect(s).toEqual({ count: 4, average: 3.25, csat: 50, distribution: [1, 0, 1, 1, 1] });
	});

	it('has no average nor CSAT without ratings', () => {
		expect(satisfaction([])).toEqual({ count: 0, average: null, csat: null, distribution: [0, 0, 0, 0, 0] });
	});

	it('gives the same figures from per-score counts as from the scores', () => {
		// 3×1, 1×2, 0×3, 2×4, 4×5 = 10 ratings, sum 3 + 2 + 8 + 20 = 33
		const s = satisfactionOf([3, 1, 0, 2, 4]);
		expect(s.count).toBe(10);
		expect(s.average).toBeCloseTo(3.3, 10);
		expect(s.csat).toBe(60);
		expect(satisfaction([1, 1, 1, 2, 4, 4, 5, 5, 5, 5])).toEqual(s);
	});

	it('is 100% when everyone gives 4 or 5, and 0% when nobody does', () => {
		expect(satisfaction([4, 5, 4]).csat).toBe(100);
		expect(satisfaction([1, 2, 3, 3]).csat).toBe(0);
	});

	it('accepts only whole scores from 1 to 5', () => {
		expect([1, 2, 3, 4, 5].every(isScore)).toBe(true);
		for (const bad of [0, 6, 2.5, -1, Number.NaN, '3']) expect(isScore(bad)).toBe(false);
		expect(distributionOf([0, 6, 2.5, 3])).toEqual([0, 0, 1, 0, 0]);
	});
});
