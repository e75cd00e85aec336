import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { CounterStatus, CountersTable, Database, TicketRowStatus, TicketsTable, UnitSettings } from '$lib/server/db/schema';
import { VezError } from '$lib/errors';
import type { QueueTicket } from './ticket';
import type { OrderingSettings, PickReasonCode, QueueSummary, RecentCall } from './ordering';
import { isUuid } from '$lib/server/http/validate';
import { unitOf, type UnitRecord, type UnitRow } from '$lib/units/store.server';
import { PRINT_JOB_WRITTEN, withPrintJob, type PrintJobWritten } from '$lib/printing/store.server';

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

/** A counter as a use case that locked it reads it: where it is, who works there, what it serves. */
export interface LockedCounter {
	id: string;
	unitId: string;
	number: number;
	name: string;
	status: CounterStatus;
	clerkId: string | null;
	serviceIds: string[];
}

type CounterRow = Selectable<CountersTable>;

const lockedCounterOf = (r: CounterRow): LockedCounter => ({
	id: r.id,
	unitId: r.unit_id,
	number: r.number,
	name: r.name,
	status: r.status,
	clerkId: r.clerk_id,
	serviceIds: r.service_ids
});

/** A counter in use, locked for the rest of the transaction so one counter acts one at a time. */
export async function lockCounter(trx: Conn, counterId: string): Promise<LockedCounter> {
	if (!isUuid(counterId)) throw new VezError('counter_not_found', 'No such counter.');
	const counter = await trx
		.selectFrom('counters')
		.selectAll()
		.where('id', '=', counterId)
		.where('active', '=', true)
		.forUpdate()
		.executeTakeFirst();
	if (!counter) throw new VezError('counter_not_found', 'No such counter.');
	return lockedCounterOf(counter);
}

/** A ticket as a change to it reads it once locked: where it is, its state and its counts. */
export interface LockedTicket {
	id: string;
	unitId: string;
	serviceId: string;
	counterId: string | null;
	number: string;
	/** Its local day (YYYY-MM-DD). */
	day: string;
	status: TicketRowStatus;
	recalls: number;
	transfers: number;
	queuedAt: Date;
}

type TicketRow = Selectable<TicketsTable>;

const lockedTicketOf = (r: TicketRow): LockedTicket => ({
	id: r.id,
	unitId: r.unit_id,
	serviceId: r.service_id,
	counterId: r.counter_id,
	number: r.number,
	day: r.day,
	status: r.status,
	recalls: r.recalls,
	transfers: r.transfers,
	queuedAt: r.queued_at
});

/** Where a ticket is served (its unit, the counter holding it), or undefined. */
export async function ticketPlace(db: Conn, ticketId: string): Promise<{ id: string; unitId: string; counterId: string | null } | undefined> {
	const row = await db.selectFrom('tickets').select(['id', 'unit_id', 'counter_id']).where('id', '=', ticketId).executeTakeFirst();
	return row && { id: row.id, unitId: row.unit_id, counterId: row.counter_id };
}

/** Tickets of a service taken before arriving on a day: what its daily cap of remote tickets counts. */
export async function remoteTicketsOfDay(db: Conn, unitId: string, serviceId: string, day: string): Promise<number> {
	const { n } = await db
		.selectFrom('tickets')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('unit_id', '=', unitId)
		.where('service_id', '=', serviceId)
		.where('day', '=', day)
		.where('channel', '=', 'remote')
		.executeTakeFirstOrThrow();
	return Number(n);
}

/** What a call out of order that claimed nothing needs to explain why: the ticket's unit and state. */
export async function ticketCallState(db: Conn, ticketId: string): Promise<{ unitId: string; status: TicketRowStatus; awaitingArrival: boolean } | undefined> {
	const row = await db.selectFrom('tickets').select(['status', 'unit_id', 'awaiting_arrival']).where('id', '=', ticketId).executeTakeFirst();
	return row && { unitId: row.unit_id, status: row.status, awaitingArrival: row.awaiting_arrival };
}

/** Whether a counter is calling or serving a ticket. */
export async function counterBusy(db: Conn, counterId: string): Promise<boolean> {
	const row = await db
		.selectFrom('tickets')
		.select('id')
		.where('counter_id', '=', counterId)
		.where('status', 'in', ['called', 'serving'])
		.executeTakeFirst();
	return row !== undefined;
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
	/** The `alsoCount` expression's value (a rate limit's count, read in the same round trip). */
	counted: number | null;
}

/**
 * The issue's first statement: bumps the unit-service-day counter (gap-free: the row stays locked
 * until commit), reads the catalogue's change count, and counts the service's waiting walk-ins per
 * priority weight from the waiting-tickets index, with its appointment tickets (few) in full —
 * what the newcomer's place needs, in one round trip however long the queue.
 */
export async function takeNumberAndCount(
	trx: Conn,
	a: { unitId: string; serviceId: string; serviceCode: string; day: string; now: Date; withRecentCalls: boolean; alsoCount?: RawBuilder<number> | null }
): Promise<NumberAndQueue> {
	// Remote tickets not yet arrived are left out: the ordering never calls them, so nobody waits behind them.
	const waiting = sql`tickets.unit_id = ${a.unitId} and tickets.service_id = ${a.serviceId} and tickets.status = 'waiting' and not tickets.awaiting_arrival`;
	const recent = a.withRecentCalls
		? sql`(select coalesce(json_agg(r.priority_weight > 0 order by r.called_at desc), '[]') from (select priority_weight, called_at from tickets
				where unit_id = ${a.unitId} and called_at is not null and appointment_at is null order by called_at desc limit ${RECENT_CALLS}) r)`
		: sql`null::json`;
	const { rows } = await sql<{ seq: number; generation: string; walk_ins: unknown; appointments: unknown; recent: unknown; counted: number | null }>`
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
			${recent} as recent,
			${a.alsoCount ?? sql`null::int`} as counted
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
		recentCalls: row.recent === null ? null : json<boolean[]>(row.recent).map((priority) => ({ priority })),
		counted: row.counted === null ? null : Number(row.counted)
	};
}

/** The paper ticket written with a new ticket: its data, who asked, and the kiosk whose own printer comes first. */
export interface IssuedPrint {
	kioskTokenId: string | null;
	payload: object;
	requestedBy: string;
}

export interface IssuedTicketRow {
	id: string;
	/** The print job written with it, when one was asked for: `no_printer` when the unit has none for it. */
	print: PrintJobWritten | null;
}

/**
 * Writes a new ticket, its `issue` history row and, when asked, its print job (printing's
 * withPrintJob) in one statement: the issue's writes cost one round trip.
 */
export async function insertIssuedTicket(
	trx: Conn,
	ticket: Insertable<TicketsTable>,
	event: Omit<EventInput, 'ticketId' | 'unitId' | 'serviceId' | 'from' | 'to' | 'action' | 'counterId'>,
	print: IssuedPrint | null
): Promise<IssuedTicketRow> {
	const written = trx
		.with('t', (db) => db.insertInto('tickets').values(ticket).returning(['id', 'unit_id', 'service_id']))
		.with('e', (db) =>
			db
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
		);
	if (!print) {
		const { id } = await written.selectFrom('t').select('t.id').executeTakeFirstOrThrow();
		return { id, print: null };
	}
	// The ticket's paper, as printing writes it (withPrintJob), in the ticket's own statement.
	const { id, ...job } = await withPrintJob(written, trx, {
		...print,
		unitId: ticket.unit_id,
		ticketId: sql<string>`(select id from t)`,
		kind: 'ticket',
		at: event.at
	})
		.selectFrom('t')
		.innerJoin('print_job', (join) => join.onTrue())
		.leftJoin('print_printer', (join) => join.onTrue())
		.select(['t.id', ...PRINT_JOB_WRITTEN])
		.executeTakeFirstOrThrow();
	return { id, print: job };
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
	return { counter: lockedCounterOf(counter), unit: unitFromJson(unit), busy: Boolean(busy) };
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
export async function claimForCall(trx: Conn, picks: readonly CallPick[], c: CallClaim): Promise<ClaimedTicket | undefined> {
	if (picks.length === 0) return undefined;
	const ids = picks.map((p) => p.ticketId);
	const reasons = picks.map((p) => p.reason);
	const { rows } = await sql<TicketRow & Pick<ClaimedTicket, 'serviceCode' | 'serviceName' | 'priorityCode' | 'priorityName' | 'reason'>>`
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

// ---- a ticket by a public key: arriving, the visitor's views ----------------------------------

/** Where a ticket stands, as arriving and the visitor's views read it. */
export interface TicketStanding {
	id: string;
	unitId: string;
	serviceId: string;
	publicId: string;
	status: TicketRowStatus;
	awaitingArrival: boolean;
}

/** How a ticket is looked up: its staff id, its public id (the visitor's link) or its arrival code. */
export type TicketKey = { id: string } | { publicId: string } | { arrivalCode: string };

/** A ticket by one of its keys, or undefined; `lock` holds it for the rest of the transaction. */
export async function ticketStanding(db: Conn, key: TicketKey, lock = false): Promise<TicketStanding | undefined> {
	const [column, value] = 'id' in key ? (['id', key.id] as const) : 'publicId' in key ? (['public_id', key.publicId] as const) : (['arrival_code', key.arrivalCode] as const);
	const row = await db
		.selectFrom('tickets')
		.select(['id', 'unit_id', 'service_id', 'public_id', 'status', 'awaiting_arrival'])
		.where(column, '=', value)
		.$if(lock, (q) => q.forUpdate())
		.executeTakeFirst();
	return row && { id: row.id, unitId: row.unit_id, serviceId: row.service_id, publicId: row.public_id, status: row.status, awaitingArrival: row.awaiting_arrival };
}

/** The visitor of a remote ticket is here: from now on the ordering calls it in the place it kept. */
export async function setArrived(trx: Conn, ticketId: string, at: Date): Promise<void> {
	await trx.updateTable('tickets').set({ awaiting_arrival: false, arrived_at: at }).where('id', '=', ticketId).execute();
}

/** A remote ticket's arrival code with its unit's settings (for how long it may still arrive), by public id. */
export async function remoteArrivalOf(db: Conn, publicId: string) {
	const row = await db
		.selectFrom('tickets')
		.innerJoin('units', 'units.id', 'tickets.unit_id')
		.select(['tickets.arrival_code', 'tickets.awaiting_arrival', 'tickets.status', 'units.settings'])
		.where('tickets.public_id', '=', publicId)
		.executeTakeFirst();
	return row && { arrivalCode: row.arrival_code, awaitingArrival: row.awaiting_arrival, status: row.status, unitSettings: row.settings };
}

/** Some tickets of a unit (by staff or public id) with their service and counter, as the visitor's view reads them. */
export async function publicTicketRows(db: Conn, unitId: string, where: { ids?: readonly string[]; publicIds?: readonly string[] }) {
	const rows = await db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('counters', 'counters.id', 'tickets.counter_id')
		.select([
			'tickets.id',
			'tickets.public_id',
			'tickets.number',
			'tickets.status',
			'tickets.called_at',
			'tickets.awaiting_arrival',
			'services.code as serviceCode',
			'services.name as serviceName',
			'services.expected_wait_minutes as promisedWaitMinutes',
			'counters.number as counterNumber',
			'counters.name as counterName'
		])
		.where('tickets.unit_id', '=', unitId)
		.where((eb) => {
			const ors = [];
			if (where.ids?.length) ors.push(eb('tickets.id', 'in', where.ids));
			if (where.publicIds?.length) ors.push(eb('tickets.public_id', 'in', where.publicIds));
			return ors.length ? eb.or(ors) : eb.val(false);
		})
		.execute();
	return rows.map(({ public_id, called_at, awaiting_arrival, ...r }) => ({ ...r, publicId: public_id, calledAt: called_at, awaitingArrival: awaiting_arrival }));
}

/** A ticket as it was issued, with its unit's, service's and priority's names: what its paper shows. */
export interface TicketAsIssued {
	publicId: string;
	number: string;
	issuedAt: Date;
	positionAtIssue: number | null;
	estimatedWaitMinutes: number | null;
	unitName: string;
	timezone: string;
	serviceName: string;
	priorityName: string | null;
}

/** A ticket as issued, by its staff id or its public id (the browser-printed ticket), or undefined. */
export async function ticketAsIssued(db: Conn, key: { id: string } | { publicId: string }): Promise<TicketAsIssued | undefined> {
	const [column, value] = 'id' in key ? (['tickets.id', key.id] as const) : (['tickets.public_id', key.publicId] as const);
	const row = await db
		.selectFrom('tickets')
		.innerJoin('units', 'units.id', 'tickets.unit_id')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.select([
			'tickets.public_id',
			'tickets.number',
			'tickets.issued_at',
			'tickets.position_at_issue',
			'tickets.estimated_wait_minutes',
			'units.name as unit_name',
			'units.timezone',
			'services.name as service_name',
			'priority_groups.name as priority_name'
		])
		.where(column, '=', value)
		.executeTakeFirst();
	return (
		row && {
			publicId: row.public_id,
			number: row.number,
			issuedAt: row.issued_at,
			positionAtIssue: row.position_at_issue,
			estimatedWaitMinutes: row.estimated_wait_minutes,
			unitName: row.unit_name,
			timezone: row.timezone,
			serviceName: row.service_name,
			priorityName: row.priority_name
		}
	);
}

// ---- expiry -------------------------------------------------------------------------------------

/** Which waiting tickets a sweep expires: those queued before a cutoff, or remote ones passed before a time. */
export type ExpiryFilter = { queuedBefore: Date } | { awaitingPassedBefore: Date };

/**
 * Expires a unit's waiting tickets that match, writing one `expire` history row each; returns
 * them with their local day. Only waiting rows are touched, so concurrent sweeps never double up.
 */
export async function expireWaitingTickets(
	trx: Conn,
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
export async function unitsWithAwaitingTickets(db: Conn): Promise<string[]> {
	const rows = await db.selectFrom('tickets').select('unit_id').distinct().where('awaiting_arrival', '=', true).where('status', '=', 'waiting').execute();
	return rows.map((r) => r.unit_id);
}

/**
 * Gives each remote ticket of the unit still awaiting its visitor the time it would have been
 * called: the first call of a later ticket of its service and lane of no higher weight
 * (queue/remote.ts `passedBy`, here in SQL).
 */
export async function markPassedRemoteTickets(trx: Conn, unitId: string): Promise<void> {
	await sql`
		UPDATE tickets t SET passed_at = (
			SELECT min(c.called_at) FROM tickets c
			WHERE c.unit_id = t.unit_id AND c.service_id = t.service_id AND c.called_at IS NOT NULL
				AND c.appointment_at IS NULL AND (c.priority_weight > 0) = (t.priority_weight > 0)
				AND c.priority_weight <= t.priority_weight AND (c.queued_at, c.id) > (t.queued_at, t.id)
				AND c.called_at >= t.issued_at)
		WHERE t.unit_id = ${unitId} AND t.awaiting_arrival AND t.status = 'waiting' AND t.passed_at IS NULL`.execute(trx);
}

// ---- the staff's views: the line, the counters, the desk -----------------------------------------

/** The unit's latest calls and recalls, newest first: number, counter, service, time. */
export async function lastCallRows(db: Conn, unitId: string, limit: number) {
	const rows = await db
		.selectFrom('ticket_events')
		.innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
		.innerJoin('services', 'services.id', 'ticket_events.service_id')
		.innerJoin('counters', 'counters.id', 'ticket_events.counter_id')
		.select(['tickets.number', 'counters.number as counter', 'counters.name as counterName', 'services.name as service', 'ticket_events.at', 'ticket_events.action'])
		.where('ticket_events.unit_id', '=', unitId)
		.where('ticket_events.action', 'in', ['call', 'recall'])
		.orderBy('ticket_events.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ number: r.number, counter: r.counter, counterName: r.counterName, service: r.service, calledAt: r.at, recall: r.action === 'recall' }));
}

/** The unit's tickets waiting, called or being served, with their service, group, counter and clerk. */
export async function ticketsInLine(db: Conn, unitId: string) {
	const rows = await db
		.selectFrom('tickets')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('counters', 'counters.id', 'tickets.counter_id')
		.leftJoin('users', 'users.id', 'tickets.clerk_id')
		.select([
			'tickets.id',
			'tickets.number',
			'tickets.status',
			'tickets.issued_at',
			'tickets.queued_at',
			'tickets.called_at',
			'tickets.appointment_at',
			'tickets.transfers',
			'tickets.passed_at',
			'services.code as service',
			'priority_groups.code as priority',
			'priority_groups.name as priorityName',
			'priority_groups.requires_document as priorityNeedsDocument',
			'counters.id as counterId',
			'counters.name as counterName',
			'users.name as clerk'
		])
		.where('tickets.unit_id', '=', unitId)
		.where('tickets.status', 'in', ['waiting', 'called', 'serving'])
		.execute();
	return rows.map(({ issued_at, queued_at, called_at, appointment_at, passed_at, ...r }) => ({
		...r,
		issuedAt: issued_at,
		queuedAt: queued_at,
		calledAt: called_at,
		appointmentAt: appointment_at,
		passedAt: passed_at
	}));
}

/** The unit's counters in use, by number, with their state and clerk. */
export async function countersWithClerks(db: Conn, unitId: string) {
	const rows = await db
		.selectFrom('counters')
		.leftJoin('users', 'users.id', 'counters.clerk_id')
		.select(['counters.id', 'counters.number', 'counters.name', 'counters.status', 'counters.service_ids', 'counters.pause_reason', 'counters.status_since', 'users.name as clerk', 'users.id as clerkId'])
		.where('counters.unit_id', '=', unitId)
		.where('counters.active', '=', true)
		.orderBy('counters.number')
		.execute();
	return rows.map(({ service_ids, pause_reason, status_since, ...r }) => ({ ...r, serviceIds: service_ids, pauseReason: pause_reason, statusSince: status_since }));
}

/** The tickets the unit's counters are calling or serving. */
export async function ticketsAtCounters(db: Conn, unitId: string) {
	const rows = await db.selectFrom('tickets').select(['counter_id', 'number', 'status', 'id']).where('unit_id', '=', unitId).where('status', 'in', ['called', 'serving']).execute();
	return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, counterId: r.counter_id }));
}

/** A ticket with its service and priority group: what the desk, the counter's screen and a kiosk's ticket show. */
function ticketWithServiceQuery(db: Conn) {
	return db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.select([
			'tickets.id',
			'tickets.public_id',
			'tickets.number',
			'tickets.status',
			'tickets.issued_at',
			'tickets.queued_at',
			'tickets.called_at',
			'tickets.started_at',
			'tickets.appointment_at',
			'tickets.recalls',
			'tickets.transfers',
			'tickets.priority_weight',
			'tickets.arrival_code',
			'services.id as serviceId',
			'services.code as serviceCode',
			'services.name as serviceName',
			'services.expected_service_minutes as expectedServiceMinutes',
			'services.expected_wait_minutes as promisedWaitMinutes',
			'priority_groups.code as priorityCode',
			'priority_groups.name as priorityName',
			'priority_groups.requires_document as requiresDocument'
		]);
}

type TicketWithServiceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof ticketWithServiceQuery>['executeTakeFirst']>>>;

function ticketWithServiceOf(row: TicketWithServiceRow) {
	const { public_id, issued_at, queued_at, called_at, started_at, appointment_at, priority_weight, arrival_code, ...r } = row;
	return {
		...r,
		publicId: public_id,
		issuedAt: issued_at,
		queuedAt: queued_at,
		calledAt: called_at,
		startedAt: started_at,
		appointmentAt: appointment_at,
		priorityWeight: priority_weight,
		arrivalCode: arrival_code
	};
}

export type TicketWithService = ReturnType<typeof ticketWithServiceOf>;

/** A ticket by staff id with its service and priority group. */
export async function ticketWithService(db: Conn, ticketId: string): Promise<TicketWithService> {
	return ticketWithServiceOf(await ticketWithServiceQuery(db).where('tickets.id', '=', ticketId).executeTakeFirstOrThrow());
}

/** The ticket a counter is calling or serving, with its service and priority group, if any. */
export async function ticketAtDesk(db: Conn, counterId: string): Promise<TicketWithService | undefined> {
	const row = await ticketWithServiceQuery(db).where('tickets.counter_id', '=', counterId).where('tickets.status', 'in', ['called', 'serving']).executeTakeFirst();
	return row && ticketWithServiceOf(row);
}

/** The unit's latest tickets of a day that ended as no-show or cancelled, newest first. */
export async function missedTicketsOn(db: Conn, unitId: string, day: string, limit: number) {
	const rows = await db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.select(['tickets.id', 'tickets.number', 'tickets.status', 'services.name as service', 'tickets.finished_at'])
		.where('tickets.unit_id', '=', unitId)
		.where('tickets.day', '=', day)
		.where('tickets.status', 'in', ['no_show', 'cancelled'])
		.orderBy('tickets.finished_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, service: r.service, finishedAt: r.finished_at }));
}

/** A counter with the slug and name of its unit (in use or not), or undefined. */
export async function counterWithUnit(db: Conn, counterId: string) {
	const row = await db
		.selectFrom('counters')
		.innerJoin('units', 'units.id', 'counters.unit_id')
		.select(['counters.id', 'counters.number', 'counters.name', 'counters.status', 'counters.active', 'counters.unit_id', 'units.slug', 'units.name as unitName'])
		.where('counters.id', '=', counterId)
		.executeTakeFirst();
	return row && { id: row.id, number: row.number, name: row.name, status: row.status, active: row.active, unitId: row.unit_id, unitSlug: row.slug, unitName: row.unitName };
}

// ---- counters' state ----------------------------------------------------------------------------

/** The counters a clerk holds (open, paused, or closed with their name still on it). */
export async function countersOfClerk(db: Conn, clerkId: string): Promise<{ id: string; unitId: string; name: string; status: CounterStatus }[]> {
	const rows = await db.selectFrom('counters').select(['id', 'unit_id', 'name', 'status']).where('clerk_id', '=', clerkId).execute();
	return rows.map((r) => ({ id: r.id, unitId: r.unit_id, name: r.name, status: r.status }));
}

export interface CounterState {
	status: CounterStatus;
	clerkId: string | null;
	/** Left as they are when not given. */
	serviceIds?: readonly string[];
	pauseReason: string | null;
	since: Date;
}

/** Sets who works at a counter, what it serves and whether it is open, paused or closed. */
export async function setCounterState(trx: Conn, counterId: string, s: CounterState): Promise<void> {
	await trx
		.updateTable('counters')
		.set({
			status: s.status,
			clerk_id: s.clerkId,
			...(s.serviceIds ? { service_ids: JSON.stringify(s.serviceIds) } : {}),
			pause_reason: s.pauseReason,
			status_since: s.since
		})
		.where('id', '=', counterId)
		.execute();
}

// ---- a citizen's tickets (LGPD report) ---------------------------------------------------------

/**
 * These tickets, and those checked in for these appointments, latest first, with their unit and
 * service: what a citizen's report lists (tickets hold no identity; protocols and appointments link them).
 */
export async function ticketsLinkedTo(db: Conn, links: { ticketIds: readonly string[]; appointmentIds: readonly string[] }) {
	if (!links.ticketIds.length && !links.appointmentIds.length) return [];
	const rows = await db
		.selectFrom('tickets as t')
		.innerJoin('units as u', 'u.id', 't.unit_id')
		.innerJoin('services as s', 's.id', 't.service_id')
		.select(['t.id', 't.number', 'u.slug as unit', 's.name as service', 't.day', 't.status', 't.issued_at', 't.appointment_id'])
		.where((eb) =>
			eb.or([
				...(links.ticketIds.length ? [eb('t.id', 'in', links.ticketIds)] : []),
				...(links.appointmentIds.length ? [eb('t.appointment_id', 'in', links.appointmentIds)] : [])
			])
		)
		.orderBy('t.issued_at', 'desc')
		.execute();
	return rows.map((r) => ({ id: r.id, number: r.number, unit: r.unit, service: r.service, day: r.day, status: r.status, issuedAt: r.issued_at, appointmentId: r.appointment_id }));
}

/** The catalogue's change count (migration 0022), as the first statements of hot paths read it beside their work. */
export const generationSql = sql<string>`(select generation::text from catalogue_generation)`;

/** The catalogue's change count alone: one small read. */
export async function catalogueGeneration(db: Conn): Promise<string> {
	const { generation } = await db.selectNoFrom(generationSql.as('generation')).executeTakeFirstOrThrow();
	return generation;
}

/** A ticket by staff id, locked for the transaction, with its unit: one round trip for what a change to it checks first. */
export async function lockTicketWithUnit(trx: Conn, ticketId: string): Promise<{ ticket: LockedTicket; unit: UnitRecord }> {
	if (!isUuid(ticketId)) throw new VezError('ticket_not_found', 'No such ticket.');
	const row = await trx
		.selectFrom('tickets')
		.innerJoin('units', 'units.id', 'tickets.unit_id')
		.selectAll('tickets')
		.select(sql<UnitRow>`to_jsonb(units.*)`.as('unit'))
		.where('tickets.id', '=', ticketId)
		.forUpdate('tickets')
		.executeTakeFirst();
	if (!row) throw new VezError('ticket_not_found', 'No such ticket.');
	const { unit, ...ticket } = row;
	return { ticket: lockedTicketOf(ticket), unit: unitFromJson(unit) };
}

/** A ticket just changed, as the change's answer and its realtime notices read it. */
export interface ChangedTicket {
	id: string;
	publicId: string;
	number: string;
	status: TicketRowStatus;
	recalls: number;
	counterId: string | null;
	service: { code: string; name: string };
	/** The counter now holding it, if any. */
	counter: { number: number; name: string } | null;
}

/**
 * Applies a change to a locked ticket and writes its history row in one statement (PostgreSQL
 * runs a data-modifying WITH to completion whether or not it is read), reading back the ticket
 * with its (possibly new) service and the counter holding it.
 */
export async function applyTicketChange(trx: Conn, ticketId: string, set: Updateable<TicketsTable>, event: Omit<EventInput, 'ticketId'>): Promise<ChangedTicket> {
	const row = await trx
		.with('updated', (db) =>
			db.updateTable('tickets').set(set).where('id', '=', ticketId).returning(['id', 'public_id', 'number', 'status', 'service_id', 'recalls', 'counter_id'])
		)
		.with('history', (db) =>
			db
				.insertInto('ticket_events')
				.values({
					ticket_id: ticketId,
					unit_id: event.unitId,
					at: event.at,
					action: event.action,
					from_status: event.from,
					to_status: event.to,
					service_id: event.serviceId,
					counter_id: event.counterId,
					actor: event.actor,
					details: JSON.stringify(event.details ?? {})
				})
		)
		.selectFrom('updated')
		.innerJoin('services', 'services.id', 'updated.service_id')
		.leftJoin('counters', 'counters.id', 'updated.counter_id')
		.select([
			'updated.id',
			'updated.public_id',
			'updated.number',
			'updated.status',
			'updated.recalls',
			'updated.counter_id',
			'services.code as serviceCode',
			'services.name as serviceName',
			'counters.number as counterNumber',
			'counters.name as counterName'
		])
		.executeTakeFirstOrThrow();
	return {
		id: row.id,
		publicId: row.public_id,
		number: row.number,
		status: row.status,
		recalls: row.recalls,
		counterId: row.counter_id,
		service: { code: row.serviceCode, name: row.serviceName },
		counter: row.counterNumber !== null && row.counterName !== null ? { number: row.counterNumber, name: row.counterName } : null
	};
}
