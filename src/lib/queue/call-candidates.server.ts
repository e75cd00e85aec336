import { sql } from 'kysely';
import type { Candidates } from './candidates';
import { toQueueTicket, waitingQuery, type Conn } from './store.server';

/**
 * The head of a counter's queue in one round trip: every appointment, and the first
 * `perLane` walk-ins of each lane (priority by weight then arrival, normal by arrival), leaving
 * out tickets sent to another counter. One more per lane is read to know whether it was cut.
 */
export async function callCandidates(db: Conn, unitId: string, serviceIds: readonly string[], counterId: string, perLane: number): Promise<Candidates> {
	const ranked = waitingQuery(db, unitId, serviceIds)
		.where((eb) => eb.or([eb('tickets.target_counter_id', 'is', null), eb('tickets.target_counter_id', '=', counterId)]))
		.select(
			sql<number>`row_number() over (partition by tickets.appointment_at is null, tickets.priority_weight > 0 order by tickets.priority_weight desc, tickets.queued_at, tickets.id)`.as(
				'lane_rank'
			)
		)
		.as('ranked');
	const rows = await db
		.selectFrom(ranked)
		.selectAll()
		.where((eb) => eb.or([eb('appointment_at', 'is not', null), eb('lane_rank', '<=', perLane + 1)]))
		.execute();
	const walkIns = (priority: boolean) => rows.filter((r) => r.appointment_at === null && r.priority_weight > 0 === priority);
	const cut = (priority: boolean) => walkIns(priority).length > perLane;
	const tickets = rows.filter((r) => r.appointment_at !== null || Number(r.lane_rank) <= perLane).map(toQueueTicket);
	return { tickets, perLane, truncated: { priority: cut(true), normal: cut(false) } };
}
