import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import type { DomainEvent } from './types';
import { takeUndispatchedEvents } from './store.server';

/**
 * A consumer of the event stream: it turns committed events into its own durable work (job rows)
 * inside the dispatcher's transaction, so an event is handed over exactly once or not at all.
 */
export type EventConsumer = (trx: Db, events: readonly DomainEvent[], now: Date) => Promise<void>;

/** The nudge kind of the dispatcher: a committed change has events waiting. */
export const EVENTS_KIND = 'events';

/**
 * Hands the oldest undispatched events to every consumer and marks them dispatched, in one
 * transaction, so a consumer's work and the mark commit together (see {@link takeUndispatchedEvents}).
 */
export async function dispatchEvents(db: Db, consumers: readonly EventConsumer[], now: Date, limit = 200): Promise<{ claimed: number }> {
	return db.transaction().execute(async (trx) => {
		const events = await takeUndispatchedEvents(trx, now, limit);
		for (const consume of consumers) if (events.length) await consume(trx, events, now);
		return { claimed: events.length };
	});
}

/**
 * Dispatches events as soon as a change in this process says some are waiting, and every
 * `intervalMs` for those written by other processes, jobs or triggers no code here saw.
 */
export function startEventDispatcher(deps: Deps, consumers: readonly EventConsumer[], intervalMs = 250): () => Promise<void> {
	const limit = 200;
	return startJobRunner({
		kind: EVENTS_KIND,
		intervalMs,
		log: deps.log,
		drain: async () => (await drainPasses(() => dispatchEvents(deps.db, consumers, deps.now(), limit), (r) => r.claimed >= limit)).claimed
	});
}
