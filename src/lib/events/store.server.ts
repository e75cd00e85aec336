import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { DomainEvent, EventType } from './types';

/**
 * Marks the oldest undispatched events dispatched and returns them, oldest first. SKIP LOCKED lets
 * dispatchers in several processes take different events; an event whose transaction has not
 * committed yet is simply not visible, so none is ever skipped for good.
 */
export async function takeUndispatchedEvents(trx: Db, now: Date, limit: number): Promise<DomainEvent[]> {
	const { rows } = await sql<{ id: string; seq: number; type: EventType; unit_id: string | null; at: Date; data: Record<string, unknown> }>`
		UPDATE domain_events SET dispatched_at = ${now}
		WHERE id IN (SELECT id FROM domain_events WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED)
		RETURNING id, type, unit_id, at, data, seq`.execute(trx);
	return [...rows].sort((a, b) => a.seq - b.seq).map((r) => ({ id: r.id, type: r.type, unitId: r.unit_id, at: r.at, data: r.data }));
}
