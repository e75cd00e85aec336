/**
 * A nudge from whoever queues a print job to the print runners of this process, so a kiosk's
 * ticket goes out right after its issue instead of at the runner's next tick. It carries no
 * data and promises nothing: the runner still finds jobs by reading the table, and its tick
 * remains the guarantee (for jobs queued by other processes, and for a nudge that came too early).
 *
 * Process-wide on purpose: the nudge is sent from inside the issuing transaction, which knows
 * no `deps`; a second app in the same process (tests) only pays one empty claim for it.
 */
const listeners = new Set<() => void>();

/** Calls `wake` whenever a job is queued in this process; returns the unsubscribe. */
export function onPrintQueued(wake: () => void): () => void {
	listeners.add(wake);
	return () => listeners.delete(wake);
}

/** Says a print job was just written; the caller's transaction may not have committed yet. */
export function announcePrintQueued(): void {
	for (const wake of listeners) wake();
}
