import { describe, expect, it } from 'vitest';
import { afterFailure, maxAttempts, type RetryPolicy } from '../../../src/lib/jobs/retry';

const NOW = new Date('2026-03-02T12:00:00Z');
const seconds = (r: ReturnType<typeof afterFailure>) => (r.status === 'queued' ? (r.nextAttemptAt.getTime() - NOW.getTime()) / 1000 : null);

describe('retry policy', () => {
	const policy: RetryPolicy = { delaysSeconds: [5, 300, 1800], jitter: 0.2 };

	it('waits each delay in turn, then dead-letters the job once the attempts ran out', () => {
		expect(maxAttempts(policy)).toBe(4);
		expect([1, 2, 3].map((n) => seconds(afterFailure(policy, n, NOW, 0.5)))).toEqual([5, 300, 1800]);
		expect(afterFailure(policy, 4, NOW, 0.5)).toEqual({ status: 'failed' });
	});

	it('spreads a delay by the jitter either way, never beyond it', () => {
		expect(seconds(afterFailure(policy, 2, NOW, 0))).toBe(240);
		expect(seconds(afterFailure(policy, 2, NOW, 0.999999))).toBeCloseTo(360, 0);
		const spread = new Set([0.1, 0.3, 0.7, 0.9].map((r) => seconds(afterFailure(policy, 2, NOW, r))));
		expect(spread.size).toBe(4);
		for (const s of spread) expect(s! >= 240 && s! <= 360).toBe(true);
	});

	it('gives up at once on a permanent failure, whatever attempts are left', () => {
		expect(afterFailure(policy, 1, NOW, 0.5, true)).toEqual({ status: 'failed' });
	});

	it('keeps retrying on the last delay for a policy that allows more attempts than delays', () => {
		expect(seconds(afterFailure({ delaysSeconds: [10], jitter: 0 }, 0, NOW, 0.3))).toBe(10);
	});
});
