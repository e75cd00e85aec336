import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BUCKET_EDGES, BUCKETS, bucketOf, histogramOf, histogramQuantile, histogramTotal } from '../../../src/lib/stats/histogram';

describe('duration histograms', () => {
	it('puts durations in narrow buckets where waits usually are', () => {
		expect(bucketOf(0)).toBe(0);
		expect(bucketOf(9.99)).toBe(0);
		expect(bucketOf(10)).toBe(1);
		expect(BUCKET_EDGES[bucketOf(65)]).toBe(60); // [60, 90)
		expect(BUCKET_EDGES[bucketOf(700)]).toBe(660); // [660, 720)
		expect(BUCKET_EDGES[bucketOf(40_000)]).toBe(28_800); // the open last bucket
		expect(bucketOf(-5)).toBe(0);
		expect(histogramTotal(histogramOf([1, 2, 3]))).toBe(3);
	});

	it('reads the median and p90 with values spread evenly inside their buckets', () => {
		// 0 and 5 share [0, 10): they sit at 2.5 and 7.5; 65 sits at 75, 700 at 690.
		const h = histogramOf([0, 5, 65, 700]);
		// median: rank 1.5 → 7.5 + 0.5 × (75 − 7.5)
		expect(histogramQuantile(h, 0.5)).toBeCloseTo(41.25, 10);
		// p90: rank 2.7 → 75 + 0.7 × (690 − 75)
		expect(histogramQuantile(h, 0.9)).toBeCloseTo(505.5, 10);
		expect(histogramQuantile(histogramOf([42]), 0.5)).toBe(45);
		expect(histogramQuantile(histogramOf([40_000, 50_000]), 0.9)).toBe(28_800);
		expect(histogramQuantile(histogramOf([]), 0.5)).toBeNull();
	});

	it('stays between the buckets of the two values the exact percentile interpolates', () => {
		const upper = (v: number) => (bucketOf(v) + 1 < BUCKETS ? BUCKET_EDGES[bucketOf(v) + 1] : BUCKET_EDGES[BUCKETS - 1]);
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
				const sorted = [...values].sort((a, b) => a - b);
				const rank = q * (sorted.length - 1);
				const estimate = histogramQuantile(histogramOf(values), q)!;
				expect(estimate).toBeGreaterThanOrEqual(BUCKET_EDGES[bucketOf(sorted[Math.floor(rank)])] - 1e-9);
				expect(estimate).toBeLessThanOrEqual(upper(sorted[Math.ceil(rank)]) + 1e-9);
			}),
			{ numRuns: 500 }
		);
	});
});
