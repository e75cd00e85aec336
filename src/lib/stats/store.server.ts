import { sql, type Kysely } from 'kysely';
import type { Database, RatingChannel, TicketRowStatus } from '$lib/server/db/schema';

/** The database or a transaction. */
export type Conn = Kysely<Database>;

/** What a rating is tied to: the ticket's place, service, desk and clerk (no citizen data). */
export interface RatableTicket {
	id: string;
	status: TicketRowStatus;
	unitId: string;
	/** The ticket's local day: the day whose summary a late rating changes. */
	day: string;
	serviceId: string;
	counterId: string | null;
	clerkId: string | null;
}

export async function ticketForRating(db: Conn, publicId: string): Promise<RatableTicket | null> {
	const row = await db
		.selectFrom('tickets')
		.select(['id', 'status', 'unit_id', sql<string>`day::text`.as('day'), 'service_id', 'counter_id', 'clerk_id'])
		.where('public_id', '=', publicId)
		.executeTakeFirst();
	return row
		? { id: row.id, status: row.status, unitId: row.unit_id, day: row.day, serviceId: row.service_id, counterId: row.counter_id, clerkId: row.clerk_id }
		: null;
}

export interface NewRating {
	ticket: RatableTicket;
	score: number;
	comment: string | null;
	channel: RatingChannel;
	at: Date;
}

/**
 * Stores a ticket's rating unless it already has one; false when it had. ON CONFLICT on the
 * unique ticket_id settles two simultaneous ratings in the database: the second one waits for
 * the first to commit and then inserts nothing — no error to translate, no 500.
 */
export async function insertTicketRating(db: Conn, r: NewRating): Promise<boolean> {
	const row = await db
		.insertInto('ratings')
		.values({
			ticket_id: r.ticket.id,
			score: r.score,
			comment: r.comment,
			unit_id: r.ticket.unitId,
			service_id: r.ticket.serviceId,
			counter_id: r.ticket.counterId,
			clerk_id: r.ticket.clerkId,
			channel: r.channel,
			created_at: r.at
		})
		.onConflict((oc) => oc.column('ticket_id').doNothing())
		.returning('id')
		.executeTakeFirst();
	return !!row;
}

export async function ticketIsRated(db: Conn, publicId: string): Promise<boolean> {
	const row = await db
		.selectFrom('ratings')
		.innerJoin('tickets', 'tickets.id', 'ratings.ticket_id')
		.select('ratings.id')
		.where('tickets.public_id', '=', publicId)
		.executeTakeFirst();
	return !!row;
}

export async function counterById(db: Conn, id: string) {
	return db.selectFrom('counters').select(['id', 'unit_id', 'number', 'name']).where('id', '=', id).executeTakeFirst();
}

/**
 * The last ticket finished at a counter since `since` that nobody rated yet, unless the counter
 * already started serving someone after it (the next citizen is at the desk by then).
 */
export async function unratedFinishedAtCounter(db: Conn, counterId: string, since: Date) {
	const last = await db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('ratings', 'ratings.ticket_id', 'tickets.id')
		.select(['tickets.public_id', 'tickets.number', 'tickets.finished_at', 'services.name as service', 'ratings.id as ratingId'])
		.where('tickets.counter_id', '=', counterId)
		.where('tickets.status', '=', 'done')
		.where('tickets.finished_at', '>=', since)
		.orderBy('tickets.finished_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!last || last.ratingId || !last.finished_at) return null;
	const next = await db
		.selectFrom('tickets')
		.select('id')
		.where('counter_id', '=', counterId)
		.where('status', '=', 'serving')
		.where('started_at', '>', last.finished_at)
		.executeTakeFirst();
	return next ? null : { publicId: last.public_id, number: last.number, service: last.service, finishedAt: last.finished_at };
}
