import { sql, type Insertable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { rateLimitCount, type RateLimit } from '$lib/server/rate-limit';
import type { TicketsTable } from '$lib/server/db/schema';
import type { QueueSummary, RecentCall } from './ordering';
import { PRINT_JOB_WRITTEN, withPrintJob, type PrintJobWritten } from '$lib/printing/store.server';
import { generationSql } from './catalogue-generation-store.server';
import { RECENT_CALLS } from './line-store.server';
import type { EventInput } from './ticket-store.server';

/*
 * A new ticket's statements, one round trip each: its number taken, with the queue it joins
 * counted and the catalogue's change count read beside it; the ticket written with its history
 * row and print job; and the count a remote ticket's daily cap checks.
 */

export interface NumberAndQueue {
	seq: number;
	/** The catalogue's change count, read in the same statement (see catalogue-cache.server.ts). */
	generation: string;
	summary: QueueSummary;
	/** Most recent first; read only for a unit under the interleave ratio. */
	recentCalls: RecentCall[] | null;
}

/** A limit on the caller's issues (a kiosk's per minute), with the key its actions are counted under. */
export interface IssueCeiling {
	limit: RateLimit;
	key: string;
}

/** The issue's first statement when the caller was over its ceiling: no number was taken. */
export interface OverCeiling {
	seq: null;
	generation: string;
	ceiling: IssueCeiling;
	/** The caller's actions in the window, this one's included. */
	counted: number;
}

/**
 * The issue's first statement: bumps the unit-service-day counter (gap-free: the row stays locked
 * until commit), reads the catalogue's change count, and counts the service's waiting walk-ins per
 * priority weight from the waiting-tickets index, with its appointment tickets (few) in full —
 * what the newcomer's place needs, in one round trip however long the queue. With a `ceiling`, the
 * caller's actions in its window (this one's recorded and committed before) are counted first, and
 * over the limit no number is taken: a flooding kiosk is refused without ever waiting for, or
 * holding, the sequence row's lock that every other issue of the service needs.
 */
export async function takeNumberAndCount(
	trx: Db,
	a: { unitId: string; serviceId: string; serviceCode: string; day: string; now: Date; withRecentCalls: boolean; ceiling?: IssueCeiling | null }
): Promise<NumberAndQueue | OverCeiling> {
	const { ceiling } = a;
	const counts = queueCounts(a);
	const { rows } = await sql<QueueCountsRow & { seq: number | null; seen: number | null; generation: string; counted: number | null }>`
		with counted as (select ${ceiling ? rateLimitCount(ceiling.limit, ceiling.key, a.now) : sql`null::int`} as n),
		seq as (
			insert into ticket_sequences (unit_id, service_id, day, last_number)
			select ${a.unitId}, ${a.serviceId}, ${a.day}, 1 from counted where ${ceiling ? sql`n <= ${ceiling.limit.max}` : sql`true`}
			on conflict (unit_id, service_id, day) do update set last_number = ticket_sequences.last_number + 1
			returning last_number
		)
		select (select last_number from seq) as seq,
			(select last_number from ticket_sequences where unit_id = ${a.unitId} and service_id = ${a.serviceId} and day = ${a.day}) as seen,
			(select n from counted) as counted,
			${generationSql} as generation,
			${counts}`.execute(trx);
	const row = rows[0];
	if (row.seq === null && ceiling) return { seq: null, generation: String(row.generation), ceiling, counted: Number(row.counted) };
	const seq = Number(row.seq);
	// The statement's counts see the tickets committed when it began. If it then waited for the
	// number's lock, the issues it waited for took the numbers between the one it saw and its own and
	// committed meanwhile, unseen: the queue is counted again, now that they all have committed.
	const missed = seq - 1 !== (row.seen === null ? 0 : Number(row.seen));
	const queue = missed ? (await sql<QueueCountsRow>`select ${counts}`.execute(trx)).rows[0] : row;
	return { seq, generation: String(row.generation), ...queueOf(queue, a.serviceCode) };
}

interface QueueCountsRow {
	walk_ins: unknown;
	appointments: unknown;
	recent: unknown;
}

/**
 * The service's waiting walk-ins counted per priority weight from the waiting-tickets index, its
 * appointment tickets (few) in full, and the unit's recent calls under the interleave ratio.
 */
function queueCounts(a: { unitId: string; serviceId: string; now: Date; withRecentCalls: boolean }) {
	// Remote tickets not yet arrived are left out: the ordering never calls them, so nobody waits behind them.
	const waiting = sql`tickets.unit_id = ${a.unitId} and tickets.service_id = ${a.serviceId} and tickets.status = 'waiting' and not tickets.awaiting_arrival`;
	const recent = a.withRecentCalls
		? sql`(select coalesce(json_agg(r.priority_weight > 0 order by r.called_at desc), '[]') from (select priority_weight, called_at from tickets
				where unit_id = ${a.unitId} and called_at is not null and appointment_at is null order by called_at desc limit ${RECENT_CALLS}) r)`
		: sql`null::json`;
	return sql`(select coalesce(json_agg(w), '[]') from (
				select priority_weight as weight,
					(count(*) filter (where queued_at <= ${a.now}))::int as "arrivedBefore",
					(count(*) filter (where queued_at > ${a.now}))::int as "arrivedAfter"
				from tickets where ${waiting} and appointment_at is null group by priority_weight) w) as walk_ins,
			(select coalesce(json_agg(json_build_object('id', tickets.id, 'number', tickets.number, 'weight', tickets.priority_weight,
				'queuedAt', tickets.queued_at, 'appointmentAt', tickets.appointment_at)), '[]')
				from tickets where ${waiting} and appointment_at is not null) as appointments,
			${recent} as recent`;
}

function queueOf(row: QueueCountsRow, serviceCode: string): Pick<NumberAndQueue, 'summary' | 'recentCalls'> {
	const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
	const appointments = json<{ id: string; number: string; weight: number; queuedAt: string; appointmentAt: string }[]>(row.appointments);
	return {
		summary: {
			walkIns: json<QueueSummary['walkIns']>(row.walk_ins),
			appointments: appointments.map((t) => ({
				id: t.id,
				number: t.number,
				serviceCode,
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
	trx: Db,
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

/** Tickets of a service taken before arriving on a day: what its daily cap of remote tickets counts. */
export async function remoteTicketsOfDay(db: Db, unitId: string, serviceId: string, day: string): Promise<number> {
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
