export interface BackoffPolicy {
	baseMs: number;
	maxMs: number;
	/** Share of the delay that is random, each way (0.5: between half and one and a half times). */
	jitter: number;
}

/** Screens retry from one second up to five, spread so a restart is not met by every screen at once. */
export const SCREEN_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5000, jitter: 0.5 };

/**
 * The wait before retry number `attempt` (0 first): doubling from `baseMs`, capped at `maxMs`,
 * then spread by ±`jitter` with `random` in [0, 1), so hundreds of screens that lost the same
 * server come back over a few seconds instead of in one burst.
 */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = SCREEN_BACKOFF): number {
	const plain = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
	return Math.round(plain * (1 + policy.jitter * (2 * random - 1)));
}
