import type { Logger } from '$lib/server/log';
import { onJobQueued } from './wake.server';

/**
 * Runs passes until the due jobs are gone (or a bound is reached), so a burst does not trickle
 * out one batch per tick; the passes' counts are added up. `more` says whether a pass suggests
 * another one is worth it.
 */
export async function drainPasses<R extends { [K in keyof R]: number }>(pass: () => Promise<R>, more: (r: R) => boolean, rounds = 20): Promise<R> {
	let total: R | null = null;
	for (let round = 0; round < rounds; round++) {
		const r = await pass();
		total = total ? (Object.fromEntries(Object.keys(total).map((k) => [k, total![k as keyof R] + r[k as keyof R]])) as R) : { ...r };
		if (!more(r)) break;
	}
	return total!;
}

/**
 * After a nudge whose drain found nothing, when to look again. The nudge is sent before the
 * queuing transaction commits: on PGlite the drain's queries wait for that transaction anyway,
 * but on PostgreSQL the first claim can take its snapshot a moment before the commit lands.
 */
const NUDGE_RETRY_MS = [5, 20, 80] as const;

export interface RunnerOptions {
	/** The kind whose nudges wake this runner. */
	kind: string;
	intervalMs: number;
	/** Runs due jobs; resolves with how many it claimed. */
	drain: () => Promise<number>;
	log: Logger;
}

/**
 * Runs a kind's jobs every `intervalMs` and, between ticks, as soon as this process queues one.
 * One drain at a time: a tick or nudge during a drain makes it go round once more instead of
 * starting a second one. Returns the stop function, which waits for a drain in progress.
 */
export function startJobRunner({ kind, intervalMs, drain: drainOnce, log }: RunnerOptions): () => Promise<void> {
	let stopped = false;
	let running: Promise<number> | null = null;
	let again = false;
	const timers = new Set<NodeJS.Timeout>();

	/** Resolves with how many jobs the drain (and any round it went again) claimed. */
	const drain = (): Promise<number> => {
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			let claimed = 0;
			do {
				again = false;
				try {
					claimed += await drainOnce();
				} catch (e) {
					log.error('job failed', { job: kind, error: e instanceof Error ? e.message : String(e) });
				}
			} while (again && !stopped);
			return claimed;
		})().finally(() => (running = null));
		return running;
	};

	const later = (ms: number, run: () => void) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			run();
		}, ms);
		timer.unref();
		timers.add(timer);
	};
	const nudged = (retry: number) => {
		if (stopped) return;
		void drain().then((claimed) => {
			if (claimed === 0 && retry < NUDGE_RETRY_MS.length) later(NUDGE_RETRY_MS[retry], () => nudged(retry + 1));
		});
	};

	const unsubscribe = onJobQueued(kind, () => later(0, () => nudged(0)));
	const tick = setInterval(() => {
		if (!stopped) void drain();
	}, intervalMs);
	tick.unref();
	void drain();

	return async () => {
		stopped = true;
		unsubscribe();
		clearInterval(tick);
		for (const timer of timers) clearTimeout(timer);
		await running;
	};
}
