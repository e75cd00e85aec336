/**
 * How a kind of job retries: the wait after the n-th failed attempt, and how much of it is
 * spread at random. Jitter keeps many jobs that failed together (an endpoint down for an hour,
 * a relay restarting) from all coming back in the same second.
 */
export interface RetryPolicy {
	readonly delaysSeconds: readonly number[];
	/** Fraction of each delay moved at random either way: 0.2 makes a 300 s delay 240–360 s. */
	readonly jitter: number;
}

export type AfterFailure = { status: 'queued'; nextAttemptAt: Date } | { status: 'failed' };

/** Attempts a job gets in all: the first one and one per delay. */
export function maxAttempts(policy: RetryPolicy): number {
	return policy.delaysSeconds.length + 1;
}

/**
 * What follows the `attempts`-th failed attempt: another try after the policy's delay (spread by
 * `random` in [0, 1)), or the dead-letter state once the attempts ran out or the failure is
 * permanent. A dead job stays until someone retries it by hand.
 */
export function afterFailure(policy: RetryPolicy, attempts: number, now: Date, random: number, permanent = false): AfterFailure {
	if (permanent || attempts >= maxAttempts(policy)) return { status: 'failed' };
	const delays = policy.delaysSeconds;
	const base = delays[Math.min(Math.max(0, attempts - 1), delays.length - 1)];
	const spread = policy.jitter * (2 * random - 1);
	return { status: 'queued', nextAttemptAt: new Date(now.getTime() + Math.round(base * (1 + spread) * 1000)) };
}

/**
 * The columns a durable job table shares with every other one, and the words its status column
 * uses for each state: the one claim, lease and fencing code serves print jobs, mails and
 * webhook deliveries alike, while each keeps the vocabulary its screens already show.
 */
export interface JobTableSpec<Table extends string = string> {
	/** The label on metrics and logs. */
	readonly kind: string;
	readonly table: Table;
	readonly status: {
		readonly waiting: string;
		/** Claimed by a runner until `next_attempt_at`, its lease. */
		readonly claimed: string;
		readonly done: string;
		/** The dead letter: attempts ran out or the failure was permanent. */
		readonly dead: string;
	};
	/** Column set to the time it was done. */
	readonly doneAt: string;
}

/** The words of an outbox (mails, visitor messages, chat replies): one message sent once, or given up on. */
export const OUTBOX_STATUS = { waiting: 'queued', claimed: 'sending', done: 'sent', dead: 'failed' } as const satisfies JobTableSpec['status'];
