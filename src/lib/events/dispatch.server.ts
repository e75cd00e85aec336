import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import type { DomainEvent, EventType } from './types';

/**
 * A consumer of the event stream: it turns committed events into its own durable work (job rows)
 * inside the dispatcher's transaction, so an event is handed over exactly once or not at all.
 */
export type EventConsumer = (trx: Db, events: readonly DomainEvent[], now: Date) => Promise<void>;

/** The nudge kind of the dispatcher: a committed change has events waiting. */
export const EVENTS_KIND = 'events';

/**
 * Hands the oldest undispatched events to every consumer and marks them dispatched, in one
 * transaction. SKIP LOCKED lets dispatchers in several processes take different events; an event
 * whose transaction has not committed yet is simply not visible, so none is ever skipped for good.
 */
export async function dispatchEvents(db: Db, consumers: readonly EventConsumer[], now: Date, limit = 200): Promise<{ claimed: number }> {
	return db.transaction().execute(async (trx) => {
		const { rows } = await sql<{ id: string; seq: number; type: EventType; unit_id: string | null; at: Date; data: Record<string, unknown> }>`
			UPDATE domain_events SET dispatched_at = ${now}
			WHERE id IN (SELECT id FROM domain_events WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED)
			RETURNING id, type, unit_id, at, data, seq`.execute(trx);
		const events = [...rows]
			.sort((a, b) => a.seq - b.seq)
			.map((r): DomainEvent => ({ id: r.id, type: r.type, unitId: r.unit_id, at: r.at, data: r.data }));
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
