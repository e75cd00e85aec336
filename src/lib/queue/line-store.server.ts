import { sql, type Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { TicketRowStatus, TicketsTable } from '$lib/server/db/schema';
import type { Candidates } from './candidates';
import type { PickReasonCode, RecentCall } from './ordering';
import type { QueueTicket } from './ticket';

/*
 * The waiting line of a unit: its tickets as the ordering policy reads them, the head of a
 * counter's queue, the unit's latest calls, and the call that takes a ticket off the line.
 */

/** A uuid no row has: keeps `IN (…)` valid when a list is empty. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Waiting tickets of a unit (optionally of some services) with what the ordering policy reads of them. */
function waitingQuery(db: Db, unitId: string, serviceIds?: readonly string[]) {
	let query = db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.select([
			'tickets.id',
			'tickets.number',
			'services.code as serviceCode',
			'priority_groups.code as priorityCode',
			'tickets.priority_weight',
			'tickets.queued_at',
			'tickets.issued_at',
			'tickets.appointment_at',
			'tickets.awaiting_arrival'
		])
		.where('tickets.unit_id', '=', unitId)
		.where('tickets.status', '=', 'waiting');
	if (serviceIds) query = query.where('tickets.service_id', 'in', serviceIds.length ? serviceIds : [NO_ID]);
	return query;
}

type WaitingRow = Awaited<ReturnType<ReturnType<typeof waitingQuery>['execute']>>[number];

function toQueueTicket(r: WaitingRow): QueueTicket {
	return {
		id: r.id,
		number: r.number,
		serviceCode: r.serviceCode,
		priorityCode: r.priorityCode ?? 'normal',
		priorityWeight: r.priority_weight,
		arrivedAt: r.queued_at,
		enqueuedAt: r.queued_at,
		appointmentAt: r.appointment_at,
		status: 'waiting',
		...(r.awaiting_arrival ? { awaitingArrival: true } : {})
	};
}

/** Waiting tickets of a unit (optionally of some services) as the ordering policy sees them. */
export async function waitingTickets(db: Db, unitId: string, serviceIds?: readonly string[]): Promise<QueueTicket[]> {
	return (await waitingQuery(db, unitId, serviceIds).execute()).map(toQueueTicket);
}

/**
 * The head of a counter's queue in one round trip: every appointment, and the first
 * `perLane` walk-ins of each lane (priority by weight then arrival, normal by arrival), leaving
 * out tickets sent to another counter and remote tickets whose visitor has not arrived (the
 * ordering never calls them). One more per lane is read to know whether it was cut.
 * Each lane's head is read in its own order from its partial index (migration 0023), so the
 * read does not grow with the queue.
 */
export async function callCandidates(db: Db, unitId: string, serviceIds: readonly string[], counterId: string, perLane: number): Promise<Candidates> {
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

/** How many recent calls the interleave ratio looks back over. */
export const RECENT_CALLS = 20;

/** The unit's latest calls, newest first, for the interleave ratio. */
export async function recentCalls(db: Db, unitId: string): Promise<RecentCall[]> {
	const rows = await db
		.selectFrom('tickets')
		.select('priority_weight')
		.where('unit_id', '=', unitId)
		.where('called_at', 'is not', null)
		.where('appointment_at', 'is', null)
		.orderBy('called_at', 'desc')
		.limit(RECENT_CALLS)
		.execute();
	return rows.map((r) => ({ priority: r.priority_weight > 0 }));
}

export interface CallClaim {
	/** The counter's unit: another unit's ticket is never claimed. */
	unitId: string;
	counterId: string;
	clerkId: string | null;
	actor: string;
	at: Date;
}

/** A ticket the ordering policy would call, and why (written to its `call` history row). */
export interface CallPick {
	ticketId: string;
	reason: PickReasonCode;
}

/** A ticket just claimed for a call, with its service and priority group. */
export interface ClaimedTicket {
	id: string;
	publicId: string;
	number: string;
	status: TicketRowStatus;
	counterId: string | null;
	serviceCode: string;
	serviceName: string;
	priorityCode: string | null;
	priorityName: string | null;
	issuedAt: Date;
	queuedAt: Date;
	appointmentAt: Date | null;
	/** Why it was called: the reason of its pick. */
	reason: PickReasonCode;
}

/**
 * Takes, for a call, the first of `picks` (in their order: the ordering policy's) that nobody
 * holds and that still waits, in one statement however many rivals took the ones before it:
 * a pick another counter holds is skipped (SKIP LOCKED never waits on a rival), one a rival
 * already took no longer matches `status = 'waiting'` (rechecked on the row's newest version
 * after the lock), and the scan goes on to the next. The ticket is marked called, its `call`
 * history row written, and it is read back with its service and priority group. Undefined
 * when every pick was taken, held or (a remote ticket whose visitor has not arrived) not callable.
 */
export async function claimForCall(trx: Db, picks: readonly CallPick[], c: CallClaim): Promise<ClaimedTicket | undefined> {
	if (picks.length === 0) return undefined;
	const ids = picks.map((p) => p.ticketId);
	const reasons = picks.map((p) => p.reason);
	const { rows } = await sql<Selectable<TicketsTable> & Pick<ClaimedTicket, 'serviceCode' | 'serviceName' | 'priorityCode' | 'priorityName' | 'reason'>>`
		with picks as (
			select p.id, p.reason, p.ord from unnest(${ids}::uuid[], ${reasons}::text[]) with ordinality as p(id, reason, ord)
		), claimed as (
			select tickets.id, picks.reason from tickets join picks on picks.id = tickets.id
			where tickets.unit_id = ${c.unitId} and tickets.status = 'waiting' and not tickets.awaiting_arrival
			order by picks.ord
			limit 1
			for update of tickets skip locked
		), called as (
			update tickets set status = 'called', called_at = ${c.at}, counter_id = ${c.counterId}, clerk_id = ${c.clerkId}, target_counter_id = null
			from claimed where tickets.id = claimed.id
			returning tickets.*, claimed.reason
		), history as (
			insert into ticket_events (ticket_id, unit_id, at, action, from_status, to_status, service_id, counter_id, actor, details)
			select called.id, called.unit_id, ${c.at}, 'call', 'waiting', 'called', called.service_id, ${c.counterId}, ${c.actor}, jsonb_build_object('reason', called.reason)
			from called
		)
		select called.*, services.code as "serviceCode", services.name as "serviceName", priority_groups.code as "priorityCode", priority_groups.name as "priorityName"
		from called
		join services on services.id = called.service_id
		left join priority_groups on priority_groups.id = called.priority_group_id`.execute(trx);
	const row = rows[0];
	return (
		row && {
			id: row.id,
			publicId: row.public_id,
			number: row.number,
			status: row.status,
			counterId: row.counter_id,
			serviceCode: row.serviceCode,
			serviceName: row.serviceName,
			priorityCode: row.priorityCode,
			priorityName: row.priorityName,
			// A raw query's timestamps come back as the driver gives them.
			issuedAt: new Date(row.issued_at),
			queuedAt: new Date(row.queued_at),
			appointmentAt: row.appointment_at && new Date(row.appointment_at),
			reason: row.reason
		}
	);
}
