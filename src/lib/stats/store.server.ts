import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { RatingChannel } from '$lib/server/db/schema';
import type { TodayCounts } from './live';
import type { Distribution } from './satisfaction';

/** A rating as stored: of a ticket (tied to its desk and clerk) or of a protocol (to its desk). */
export interface NewRating {
	of: { ticketId: string; clerkId: string | null } | { protocolNumber: string };
	unitId: string | null;
	serviceId: string;
	counterId: string | null;
	score: number;
	comment: string | null;
	channel: RatingChannel;
	at: Date;
}

/**
 * Stores a rating unless its ticket or protocol already has one; false when it had. ON CONFLICT on
 * the unique ticket_id (protocol_number) settles two simultaneous ratings in the database: the
 * second one waits for the first to commit and then inserts nothing — no error to translate, no 500.
 */
export async function insertRating(db: Db, r: NewRating): Promise<boolean> {
	const of = 'ticketId' in r.of ? { ticket_id: r.of.ticketId, clerk_id: r.of.clerkId } : { protocol_number: r.of.protocolNumber };
	const row = await db
		.insertInto('ratings')
		.values({ ...of, score: r.score, comment: r.comment, unit_id: r.unitId, service_id: r.serviceId, counter_id: r.counterId, channel: r.channel, created_at: r.at })
		.onConflict((oc) => oc.column('ticket_id' in of ? 'ticket_id' : 'protocol_number').doNothing())
		.returning('id')
		.executeTakeFirst();
	return !!row;
}

/** Whether a protocol was rated. */
export async function protocolIsRated(db: Db, protocolNumber: string): Promise<boolean> {
	return !!(await db.selectFrom('ratings').select('id').where('protocol_number', '=', protocolNumber).executeTakeFirst());
}

export async function ticketIsRated(db: Db, publicId: string): Promise<boolean> {
	const row = await db
		.selectFrom('ratings')
		.innerJoin('tickets', 'tickets.id', 'ratings.ticket_id')
		.select('ratings.id')
		.where('tickets.public_id', '=', publicId)
		.executeTakeFirst();
	return !!row;
}

/**
 * The last ticket finished at a counter since `since` that nobody rated yet, unless the counter
 * already started serving someone after it (the next citizen is at the desk by then).
 */
export async function unratedFinishedAtCounter(db: Db, counterId: string, since: Date) {
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

/**
 * Today's tallies of one unit in SQL, over the local day in the unit's zone. Only tickets
 * called since the day began can have been served, missed or called today, so the range on
 * called_at (indexed per unit) bounds the scan; `issued` uses the ticket's own local day.
 */
export async function todayTicketCounts(db: Db, unitId: string, start: Date, end: Date, day: string): Promise<TodayCounts> {
	const row = await db
		.selectFrom('tickets')
		.select([
			sql<number>`count(*) filter (where status = 'done' and finished_at >= ${start} and finished_at < ${end})::int`.as('served'),
			sql<number>`count(*) filter (where status = 'no_show' and finished_at >= ${start} and finished_at < ${end})::int`.as('noShows'),
			sql<number>`count(*) filter (where called_at >= ${start} and called_at < ${end})::int`.as('called'),
			sql<number>`coalesce(sum(extract(epoch from (called_at - queued_at))) filter (where called_at >= ${start} and called_at < ${end}), 0)::float8`.as(
				'waitSecondsSum'
			)
		])
		.where('unit_id', '=', unitId)
		.where('called_at', 'is not', null)
		// A ticket finished today may have been called just before midnight.
		.where('called_at', '>=', new Date(start.getTime() - 86_400_000))
		.where('called_at', '<', end)
		.executeTakeFirstOrThrow();
	const issued = await db
		.selectFrom('tickets')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('unit_id', '=', unitId)
		.where('day', '=', day)
		.executeTakeFirstOrThrow();
	return {
		issued: Number(issued.n),
		served: Number(row.served),
		noShows: Number(row.noShows),
		called: Number(row.called),
		waitSecondsSum: Number(row.waitSecondsSum)
	};
}

/** A unit's ratings per score given in [start, end) (indexed on unit and time). */
export async function ratingCountsBetween(db: Db, unitId: string, start: Date, end: Date): Promise<Distribution> {
	const rows = await db
		.selectFrom('ratings')
		.select(['score', sql<number>`count(*)::int`.as('n')])
		.where('unit_id', '=', unitId)
		.where('created_at', '>=', start)
		.where('created_at', '<', end)
		.groupBy('score')
		.execute();
	const counts = [0, 0, 0, 0, 0];
	for (const r of rows) if (r.score >= 1 && r.score <= 5) counts[r.score - 1] = Number(r.n);
	return counts as unknown as Distribution;
}

/** The ratings of these tickets or protocols, latest first: what the citizen's LGPD report lists. */
export async function ratingsAbout(
	db: Db,
	about: { ticketIds: readonly string[]; protocolNumbers: readonly string[] }
): Promise<{ score: number; comment: string | null; channel: RatingChannel; createdAt: Date; ticketId: string | null; protocolNumber: string | null }[]> {
	if (!about.ticketIds.length && !about.protocolNumbers.length) return [];
	const rows = await db
		.selectFrom('ratings')
		.select(['score', 'comment', 'channel', 'created_at', 'ticket_id', 'protocol_number'])
		.where((eb) =>
			eb.or([
				...(about.ticketIds.length ? [eb('ticket_id', 'in', about.ticketIds)] : []),
				...(about.protocolNumbers.length ? [eb('protocol_number', 'in', about.protocolNumbers)] : [])
			])
		)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((r) => ({ score: r.score, comment: r.comment, channel: r.channel, createdAt: r.created_at, ticketId: r.ticket_id, protocolNumber: r.protocol_number }));
}
