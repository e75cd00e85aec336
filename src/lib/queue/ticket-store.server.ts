import { sql, type Selectable, type Updateable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { TicketRowStatus, TicketsTable } from '$lib/server/db/schema';
import { VezError } from '$lib/errors';
import { isUuid } from '$lib/server/http/validate';
import { unitAsJson, unitFromJson, type UnitRecord } from '$lib/units/store.server';

/*
 * One ticket after its issue: its history rows, the ticket locked and changed, found by one of
 * its keys, its visitor arrived.
 */

/** A ticket's history row: what happened, from which state to which, where and by whom. */
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
export async function recordEvent(trx: Db, e: EventInput): Promise<void> {
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

/** A ticket by staff id, locked for the transaction, with its unit: one round trip for what a change to it checks first. */
export async function lockTicketWithUnit(trx: Db, ticketId: string): Promise<{ ticket: LockedTicket; unit: UnitRecord }> {
	if (!isUuid(ticketId)) throw new VezError('ticket_not_found', 'No such ticket.');
	const row = await trx
		.selectFrom('tickets')
		.innerJoin('units', 'units.id', 'tickets.unit_id')
		.selectAll('tickets')
		.select(unitAsJson().as('unit'))
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
export async function applyTicketChange(trx: Db, ticketId: string, set: Updateable<TicketsTable>, event: Omit<EventInput, 'ticketId'>): Promise<ChangedTicket> {
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

/** Where a ticket stands — its unit, service, state, counter and clerk — and nothing of its visitor. */
export interface TicketStanding {
	id: string;
	unitId: string;
	serviceId: string;
	publicId: string;
	status: TicketRowStatus;
	awaitingArrival: boolean;
	/** The ticket's local day: the day whose summary a late rating changes. */
	day: string;
	/** The counter holding or last holding it, and who served it there. */
	counterId: string | null;
	clerkId: string | null;
}

/** How a ticket is looked up: its staff id, its public id (the visitor's link) or its arrival code. */
export type TicketKey = { id: string } | { publicId: string } | { arrivalCode: string };

/** A ticket by one of its keys, or undefined; `lock` holds it for the rest of the transaction. */
export async function ticketStanding(db: Db, key: TicketKey, lock = false): Promise<TicketStanding | undefined> {
	const [column, value] = 'id' in key ? (['id', key.id] as const) : 'publicId' in key ? (['public_id', key.publicId] as const) : (['arrival_code', key.arrivalCode] as const);
	const row = await db
		.selectFrom('tickets')
		.select(['id', 'unit_id', 'service_id', 'public_id', 'status', 'awaiting_arrival', sql<string>`day::text`.as('day'), 'counter_id', 'clerk_id'])
		.where(column, '=', value)
		.$if(lock, (q) => q.forUpdate())
		.executeTakeFirst();
	return (
		row && {
			id: row.id,
			unitId: row.unit_id,
			serviceId: row.service_id,
			publicId: row.public_id,
			status: row.status,
			awaitingArrival: row.awaiting_arrival,
			day: row.day,
			counterId: row.counter_id,
			clerkId: row.clerk_id
		}
	);
}

/** The visitor of a remote ticket is here: from now on the ordering calls it in the place it kept. */
export async function setArrived(trx: Db, ticketId: string, at: Date): Promise<void> {
	await trx.updateTable('tickets').set({ awaiting_arrival: false, arrived_at: at }).where('id', '=', ticketId).execute();
}

/** A remote ticket's arrival code with its unit's settings (for how long it may still arrive), by public id. */
export async function remoteArrivalOf(db: Db, publicId: string) {
	const row = await db
		.selectFrom('tickets')
		.innerJoin('units', 'units.id', 'tickets.unit_id')
		.select(['tickets.arrival_code', 'tickets.awaiting_arrival', 'tickets.status', 'units.settings'])
		.where('tickets.public_id', '=', publicId)
		.executeTakeFirst();
	return row && { arrivalCode: row.arrival_code, awaitingArrival: row.awaiting_arrival, status: row.status, unitSettings: row.settings };
}
