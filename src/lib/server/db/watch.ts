/** Whether the database answers, as this process last saw it, and who wants to hear of a change. */
export interface DatabaseWatch {
	readonly up: boolean;
	/** A query just failed for lack of a connection: probe now rather than at the next beat. */
	suspect(): void;
	/** Called with the new state on every change; returns the unsubscribe. */
	onChange(listener: (up: boolean) => void): () => void;
	stop(): void;
}

export const alwaysUp: DatabaseWatch = {
	up: true,
	suspect() {},
	onChange: () => () => {},
	stop() {}
};

export interface WatchOptions {
	/** Between probes while the database answers. */
	upIntervalMs?: number;
	/** Between probes while it does not: how soon a return is noticed. */
	downIntervalMs?: number;
	/** A probe slower than this counts as a failure (a silent network, a stuck server). */
	timeoutMs?: number;
}

/**
 * Probes the database on a beat (and at once when a query reports a lost connection), so the
 * process can tell screens it is waiting and, when the database returns, tell them to resync.
 */
export function watchDatabase(probe: () => Promise<void>, opts: WatchOptions = {}): DatabaseWatch {
	const upMs = opts.upIntervalMs ?? 5000;
	const downMs = opts.downIntervalMs ?? 1000;
	const timeoutMs = opts.timeoutMs ?? 5000;
	const listeners = new Set<(up: boolean) => void>();
	let up = true;
	let running = false;
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;

	const schedule = (ms: number) => {
		if (stopped) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(run, ms);
		timer.unref?.();
	};
	const set = (next: boolean) => {
		if (next === up) return;
		up = next;
		for (const l of listeners) l(up);
	};
	async function run() {
		if (running || stopped) return;
		running = true;
		let timeout: ReturnType<typeof setTimeout> | undefined;
		try {
			await Promise.race([
				probe(),
				new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error('probe timed out')), timeoutMs)))
			]);
			set(true);
		} catch {
			set(false);
		} finally {
			clearTimeout(timeout);
			running = false;
			schedule(up ? upMs : downMs);
		}
	}
	schedule(upMs);

	return {
		get up() {
			return up;
		},
		suspect() {
			if (!running) schedule(0);
		},
		onChange(listener) {
			listeners.add(listener);
			return () => void listeners.delete(listener);
		},
		stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
		}
	};
}
