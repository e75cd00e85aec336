import { sql } from 'kysely';
import type { Candidates } from './candidates';
import { toQueueTicket, waitingQuery, type Conn } from './store.server';

/**
 * The head of a counter's queue in one round trip: every appointment, and the first
 * `perLane` walk-ins of each lane (priority by weight then arrival, normal by arrival), leaving
 * out tickets sent to another counter and remote tickets whose visitor has not arrived (the
 * ordering never calls them). One more per lane is read to know whether it was cut.
 * Each lane's head is read in its own order from its partial index (migration 0023), so the
 * read does not grow with the queue.
 */
export async function callCandidates(db: Conn, unitId: string, serviceIds: readonly string[], counterId: string, perLane: number): Promise<Candidates> {
	const forCounter = () =>
		waitingQuery(db, unitId, serviceIds)
			.where((eb) => eb.or([eb('tickets.target_counter_id', 'is', null), eb('tickets.target_counter_id', '=', counterId)]))
			.where('tickets.awaiting_arrival', '=', false);
	const appointments = forCounter().where('tickets.appointment_at', 'is not', null);
	const lane = (priority: boolean) =>
		forCounter()
			.where('tickets.appointment_at', 'is', null)
			.where('tickets.priority_weight', priority ? '>' : '=', 0)
			.orderBy('tickets.priority_weight', 'desc')
			.orderBy('tickets.queued_at')
			.orderBy('tickets.id')
			.limit(perLane + 1);
	const { rows } = await sql<Parameters<typeof toQueueTicket>[0]>`(${appointments}) union all (${lane(true)}) union all (${lane(false)})`.execute(db);
	const walkIns = (priority: boolean) => rows.filter((r) => r.appointment_at === null && r.priority_weight > 0 === priority);
	const cut = (priority: boolean) => walkIns(priority).length > perLane;
	const kept = (priority: boolean) => walkIns(priority).slice(0, perLane);
	const tickets = [...rows.filter((r) => r.appointment_at !== null), ...kept(true), ...kept(false)].map(toQueueTicket);
	return { tickets, perLane, truncated: { priority: cut(true), normal: cut(false) } };
}
