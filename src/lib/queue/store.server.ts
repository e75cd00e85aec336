import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, TicketRowStatus, TicketsTable, UnitSettings } from '$lib/server/db/schema';
import { VezError } from '$lib/errors';
import type { QueueTicket } from './ticket';
import type { OrderingSettings, PickReasonCode, QueueSummary, RecentCall } from './ordering';
import { isUuid } from '$lib/server/http/validate';
import { unitOf, type UnitRecord, type UnitRow } from '$lib/units/store.server';

/** The database or a transaction: store functions work on either. */
export type Conn = Kysely<Database>;

/** A uuid no row has: keeps `IN (…)` valid when a list is empty. */
export const NO_ID = '00000000-0000-0000-0000-000000000000';

export function orderingOf(settings: UnitSettings): OrderingSettings {
	return settings.ordering ?? { mode: 'strict' };
}

/** Waiting tickets of a unit (optionally of some services) with what the ordering policy reads of them. */
export function waitingQuery(db: Conn, unitId: string, serviceIds?: readonly string[]) {
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

export function toQueueTicket(r: WaitingRow): QueueTicket {
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
export async function waitingTickets(db: Conn, unitId: string, serviceIds?: readonly string[]): Promise<QueueTicket[]> {
	return (await waitingQuery(db, unitId, serviceIds).execute()).map(toQueueTicket);
}

/** The unit's latest calls, newest first, for the interleave ratio. */
export async function recentCalls(db: Conn, unitId: string, limit = 20): Promise<RecentCall[]> {
	const rows = await db
		.selectFrom('tickets')
		.select('priority_weight')
		.where('unit_id', '=', unitId)
		.where('called_at', 'is not', null)
		.where('appointment_at', 'is', null)
		.orderBy('called_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ priority: r.priority_weight > 0 }));
}

/** Bumps the unit-service-day counter inside the ticket's transaction: gap-free under concurrency. */
export async function nextTicketNumber(trx: Conn, unitId: string, serviceId: string, day: string): Promise<number> {
	const row = await trx
		.insertInto('ticket_sequences')
		.values({ unit_id: unitId, service_id: serviceId, day, last_number: 1 })
		.onConflict((oc) =>
			oc.columns(['unit_id', 'service_id', 'day']).doUpdateSet((eb) => ({ last_number: eb('ticket_sequences.last_number', '+', 1) }))
		)
		.returning('last_number')
		.executeTakeFirstOrThrow();
	return row.last_number;
}

export interface EventInput {
	ticketId: string;
	unitId: string;
	at: Date;
	action: string;
	from: TicketRowStatus | null;
	to: TicketRowStatus | 'transferred';
	serviceId: string;
	counterId: string | null;
	actor: string;
	details?: Record<string, unknown>;
}

/** Every transition leaves a row: who, when, where — the history managers and auditors read. */
export async function recordEvent(trx: Conn, e: EventInput): Promise<void> {
	await trx
		.insertInto('ticket_events')
		.values({
			ticket_id: e.ticketId,
			unit_id: e.unitId,
			at: e.at,
			action: e.action,
			from_status: e.from,
			to_status: e.to,
			service_id: e.serviceId,
			counter_id: e.counterId,
			actor: e.actor,
			details: JSON.stringify(e.details ?? {})
		})
		.execute();
}

/** A counter with its unit, locked for the rest of the transaction so one counter acts one at a time. */
export async function lockCounter(trx: Conn, counterId: string) {
	if (!isUuid(counterId)) throw new VezError('counter_not_found', 'No such counter.');
	const counter = await trx
		.selectFrom('counters')
		.selectAll()
		.where('id', '=', counterId)
		.where('active', '=', true)
		.forUpdate()
		.executeTakeFirst();
	if (!counter) throw new VezError('counter_not_found', 'No such counter.');
	return counter;
}

export type CounterRow = Awaited<ReturnType<typeof lockCounter>>;

/** A ticket by staff id, locked for the transaction. */
export async function lockTicket(trx: Conn, ticketId: string) {
	if (!isUuid(ticketId)) throw new VezError('ticket_not_found', 'No such ticket.');
	const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).forUpdate().executeTakeFirst();
	if (!ticket) throw new VezError('ticket_not_found', 'No such ticket.');
	return ticket;
}

export type TicketRow = Awaited<ReturnType<typeof lockTicket>>;

/** Where a ticket is served (its unit, the counter holding it), or undefined. */
export async function ticketPlace(db: Conn, ticketId: string): Promise<{ id: string; unitId: string; counterId: string | null } | undefined> {
	const row = await db.selectFrom('tickets').select(['id', 'unit_id', 'counter_id']).where('id', '=', ticketId).executeTakeFirst();
	return row && { id: row.id, unitId: row.unit_id, counterId: row.counter_id };
}

/** What a call out of order that claimed nothing needs to explain why: the ticket's unit and state. */
export async function ticketCallState(db: Conn, ticketId: string): Promise<{ unitId: string; status: TicketRowStatus; awaitingArrival: boolean } | undefined> {
	const row = await db.selectFrom('tickets').select(['status', 'unit_id', 'awaiting_arrival']).where('id', '=', ticketId).executeTakeFirst();
	return row && { unitId: row.unit_id, status: row.status, awaitingArrival: row.awaiting_arrival };
}

/** The ticket a counter is calling or serving, if any. */
export async function ticketAtCounter(db: Conn, counterId: string) {
	return db
		.selectFrom('tickets')
		.selectAll()
		.where('counter_id', '=', counterId)
		.where('status', 'in', ['called', 'serving'])
		.executeTakeFirst();
}

/** How many recent calls the interleave ratio looks back over. */
const RECENT_CALLS = 20;

export interface NumberAndQueue {
	seq: number;
	/** The catalogue's change count, read in the same statement (see catalogue-cache.server.ts). */
	generation: string;
	summary: QueueSummary;
	/** Most recent first; read only for a unit under the interleave ratio. */
	recentCalls: RecentCall[] | null;
}

/**
 * The first statement: bumps the unit-service-day counter (gap-free: the row stays locked
 * until commit), reads the catalogue's change count, and counts the service's waiting walk-ins per
 * priority weight from the waiting-tickets index, with its appointment tickets (few) in full —
 * what the newcomer's place needs, in one round trip however long the queue.
 */
export async function takeNumberAndCount(
	trx: Conn,
	a: { unitId: string; serviceId: string; serviceCode: string; day: string; now: Date; withRecentCalls: boolean }
): Promise<NumberAndQueue> {
	// Remote tickets not yet arrived are left out: the ordering never calls them, so nobody waits behind them.
	const waiting = sql`tickets.unit_id = ${a.unitId} and tickets.service_id = ${a.serviceId} and tickets.status = 'waiting' and not tickets.awaiting_arrival`;
	const recent = a.withRecentCalls
		? sql`(select coalesce(json_agg(r.priority_weight > 0 order by r.called_at desc), '[]') from (select priority_weight, called_at from tickets
				where unit_id = ${a.unitId} and called_at is not null and appointment_at is null order by called_at desc limit ${RECENT_CALLS}) r)`
		: sql`null::json`;
	const { rows } = await sql<{ seq: number; generation: string; walk_ins: unknown; appointments: unknown; recent: unknown }>`
		with seq as (
			insert into ticket_sequences (unit_id, service_id, day, last_number) values (${a.unitId}, ${a.serviceId}, ${a.day}, 1)
			on conflict (unit_id, service_id, day) do update set last_number = ticket_sequences.last_number + 1
			returning last_number
		)
		select seq.last_number as seq,
			(select generation::text from catalogue_generation) as generation,
			(select coalesce(json_agg(w), '[]') from (
				select priority_weight as weight,
					(count(*) filter (where queued_at <= ${a.now}))::int as "arrivedBefore",
					(count(*) filter (where queued_at > ${a.now}))::int as "arrivedAfter"
				from tickets where ${waiting} and appointment_at is null group by priority_weight) w) as walk_ins,
			(select coalesce(json_agg(json_build_object('id', tickets.id, 'number', tickets.number, 'weight', tickets.priority_weight,
				'queuedAt', tickets.queued_at, 'appointmentAt', tickets.appointment_at)), '[]')
				from tickets where ${waiting} and appointment_at is not null) as appointments,
			${recent} as recent
		from seq`.execute(trx);
	const row = rows[0];
	const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
	const appointments = json<{ id: string; number: string; weight: number; queuedAt: string; appointmentAt: string }[]>(row.appointments);
	return {
		seq: Number(row.seq),
		generation: String(row.generation),
		summary: {
			walkIns: json<QueueSummary['walkIns']>(row.walk_ins),
			appointments: appointments.map((t) => ({
				id: t.id,
				number: t.number,
				serviceCode: a.serviceCode,
				priorityCode: t.weight > 0 ? `weight-${t.weight}` : 'normal',
				priorityWeight: t.weight,
				arrivedAt: new Date(t.queuedAt),
				enqueuedAt: new Date(t.queuedAt),
				appointmentAt: new Date(t.appointmentAt),
				status: 'waiting'
			}))
		},
		recentCalls: row.recent === null ? null : json<boolean[]>(row.recent).map((priority) => ({ priority }))
	};
}

/** Writes a new ticket and its `issue` history row in one statement; returns the ticket's id. */
export async function insertTicketWithEvent(trx: Conn, ticket: Insertable<TicketsTable>, event: Omit<EventInput, 'ticketId' | 'unitId' | 'serviceId' | 'from' | 'to' | 'action' | 'counterId'>): Promise<string> {
	const row = await trx
		.with('t', (db) => db.insertInto('tickets').values(ticket).returning(['id', 'unit_id', 'service_id']))
		.insertInto('ticket_events')
		.columns(['ticket_id', 'unit_id', 'at', 'action', 'from_status', 'to_status', 'service_id', 'counter_id', 'actor', 'details'])
		.expression((eb) =>
			eb
				.selectFrom('t')
				.select([
					't.id',
					't.unit_id',
					sql<Date>`${event.at}::timestamptz`.as('at'),
					sql<string>`'issue'`.as('action'),
					sql<null>`null`.as('from_status'),
					sql<string>`'waiting'`.as('to_status'),
					't.service_id',
					sql<null>`null::uuid`.as('counter_id'),
					sql<string>`${event.actor}`.as('actor'),
					sql<string>`${JSON.stringify(event.details ?? {})}::jsonb`.as('details')
				])
		)
		.returning('ticket_id')
		.executeTakeFirstOrThrow();
	return row.ticket_id;
}

/**
 * The counter locked for the call (so one counter acts one at a time), with its unit and whether
 * a ticket is at its desk: one round trip for what a call checks first.
 */
export async function lockCounterForCall(trx: Conn, counterId: string) {
	if (!isUuid(counterId)) throw new VezError('counter_not_found', 'No such counter.');
	const row = await trx
		.selectFrom('counters')
		.innerJoin('units', 'units.id', 'counters.unit_id')
		.selectAll('counters')
		.select((eb) => [
			sql<UnitRow>`to_jsonb(units.*)`.as('unit'),
			eb
				.exists(eb.selectFrom('tickets').select('tickets.id').whereRef('tickets.counter_id', '=', 'counters.id').where('tickets.status', 'in', ['called', 'serving']))
				.as('busy')
		])
		.where('counters.id', '=', counterId)
		.where('counters.active', '=', true)
		.forUpdate('counters')
		.executeTakeFirst();
	if (!row) throw new VezError('counter_not_found', 'No such counter.');
	const { unit, busy, ...counter } = row;
	return { counter: counter as CounterRow, unit: unitFromJson(unit), busy: Boolean(busy) };
}

/** A units row read through to_jsonb (a string on some drivers), mapped as the units store maps its rows. */
function unitFromJson(raw: UnitRow | string): UnitRecord {
	const u = (typeof raw === 'string' ? JSON.parse(raw) : raw) as UnitRow;
	return unitOf({ ...u, created_at: new Date(u.created_at as unknown as string) });
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

export type ClaimedTicket = TicketRow & {
	serviceCode: string;
	serviceName: string;
	priorityCode: string | null;
	priorityName: string | null;
	/** Why it was called: the reason of its pick. */
	reason: PickReasonCode;
};

/**
 * Takes, for a call, the first of `picks` (in their order: the ordering policy's) that nobody
 * holds and that still waits, in one statement however many rivals took the ones before it:
 * a pick another counter holds is skipped (SKIP LOCKED never waits on a rival), one a rival
 * already took no longer matches `status = 'waiting'` (rechecked on the row's newest version
 * after the lock), and the scan goes on to the next. The ticket is marked called, its `call`
 * history row written, and it is read back with its service and priority group. Undefined
 * when every pick was taken, held or (a remote ticket whose visitor has not arrived) not callable.
 */
export async function claimForCall(trx: Conn, picks: readonly CallPick[], c: CallClaim): Promise<ClaimedTicket | undefined> {
	if (picks.length === 0) return undefined;
	const ids = picks.map((p) => p.ticketId);
	const reasons = picks.map((p) => p.reason);
	const { rows } = await sql<ClaimedTicket>`
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
	return rows[0];
}
