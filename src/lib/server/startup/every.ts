import type { Logger } from '$lib/server/log';

/**
 * Runs a job now and then every `ms`, never two runs of it at once in this process; a failure is
 * logged and the next tick tries again. Jobs must be idempotent: other processes run them too.
 */
export function every(ms: number, name: string, job: () => Promise<unknown>, log: Logger): () => Promise<void> {
	let running: Promise<unknown> | null = null;
	let stopped = false;
	const tick = () => {
		if (running || stopped) return;
		running = job()
			.catch((e) => log.error('job failed', { job: name, error: e instanceof Error ? e.message : String(e) }))
			.finally(() => (running = null));
	};
	const timer = setInterval(tick, ms);
	timer.unref();
	tick();
	return async () => {
		stopped = true;
		clearInterval(timer);
		await running;
	};
}
