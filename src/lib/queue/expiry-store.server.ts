import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';

/*
 * The sweeps: waiting tickets that expire at the end of their day, and remote tickets whose
 * visitor never came, once they have been passed.
 */

/** Which waiting tickets a sweep expires: those queued before a cutoff, or remote ones passed before a time. */
export type ExpiryFilter = { queuedBefore: Date } | { awaitingPassedBefore: Date };

/**
 * Expires a unit's waiting tickets that match, writing one `expire` history row each; returns
 * them with their local day. Only waiting rows are touched, so concurrent sweeps never double up.
 */
export async function expireWaitingTickets(
	trx: Db,
	unitId: string,
	which: ExpiryFilter,
	e: { at: Date; actor: string; details: Record<string, unknown> }
): Promise<{ id: string; serviceId: string; day: string }[]> {
	const rows = await trx
		.updateTable('tickets')
		.set({ status: 'expired', finished_at: e.at })
		.where('unit_id', '=', unitId)
		.where('status', '=', 'waiting')
		.where((eb) =>
			'queuedBefore' in which
				? eb('queued_at', '<', which.queuedBefore)
				: eb.and([eb('awaiting_arrival', '=', true), eb('passed_at', '<=', which.awaitingPassedBefore)])
		)
		.returning(['id', 'service_id', sql<string>`day::text`.as('day')])
		.execute();
	if (rows.length) {
		await trx
			.insertInto('ticket_events')
			.values(
				rows.map((r) => ({
					ticket_id: r.id,
					unit_id: unitId,
					at: e.at,
					action: 'expire',
					from_status: 'waiting' as const,
					to_status: 'expired' as const,
					service_id: r.service_id,
					counter_id: null,
					actor: e.actor,
					details: JSON.stringify(e.details)
				}))
			)
			.execute();
	}
	return rows.map((r) => ({ id: r.id, serviceId: r.service_id, day: r.day }));
}

/** The units with remote tickets whose visitor has not arrived. */
export async function unitsWithAwaitingTickets(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('tickets').select('unit_id').distinct().where('awaiting_arrival', '=', true).where('status', '=', 'waiting').execute();
	return rows.map((r) => r.unit_id);
}

/**
 * Gives each remote ticket of the unit still awaiting its visitor the time it would have been
 * called: the first call of a later ticket of its service and lane of no higher weight
 * (queue/remote.ts `passedBy`, here in SQL).
 */
export async function markPassedRemoteTickets(trx: Db, unitId: string): Promise<void> {
	await sql`
		UPDATE tickets t SET passed_at = (
			SELECT min(c.called_at) FROM tickets c
			WHERE c.unit_id = t.unit_id AND c.service_id = t.service_id AND c.called_at IS NOT NULL
				AND c.appointment_at IS NULL AND (c.priority_weight > 0) = (t.priority_weight > 0)
				AND c.priority_weight <= t.priority_weight AND (c.queued_at, c.id) > (t.queued_at, t.id)
				AND c.called_at >= t.issued_at)
		WHERE t.unit_id = ${unitId} AND t.awaiting_arrival AND t.status = 'waiting' AND t.passed_at IS NULL`.execute(trx);
}
