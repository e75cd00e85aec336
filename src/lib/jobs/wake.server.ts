/**
 * A nudge from whoever queues a job to the runners of its kind in this process, so a kiosk's
 * ticket or a webhook goes out right after the commit instead of at the runner's next tick. It
 * carries no data and promises nothing: runners find jobs by reading their table, and the tick
 * stays the guarantee (for jobs queued by other processes, and for a nudge that came too early).
 *
 * Process-wide on purpose: the nudge is sent from inside the queuing transaction, which knows
 * no `deps`; a second app in the same process (tests) only pays one empty claim for it.
 */
const listeners = new Map<string, Set<() => void>>();

/** Calls `wake` whenever a job of `kind` is queued in this process; returns the unsubscribe. */
export function onJobQueued(kind: string, wake: () => void): () => void {
	let set = listeners.get(kind);
	if (!set) listeners.set(kind, (set = new Set()));
	set.add(wake);
	return () => set.delete(wake);
}

/** Says a job of `kind` was just written; the caller's transaction may not have committed yet. */
export function announceJobQueued(kind: string): void {
	for (const wake of listeners.get(kind) ?? []) wake();
}
