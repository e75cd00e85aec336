import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';

/*
 * The wait forecast's reads and the queue profiles' writes (issue 20): the queue_profiles table
 * and the few small reads of today's counters and tickets a forecast makes, in camelCase. The
 * use cases that turn them into the forecast's inputs are in estimate-inputs.server.ts.
 */

/** One service's summary of a unit's last weeks (see refreshUnitProfiles). */
export interface QueueProfileRecord {
	serviceId: string;
	computedDay: string;
	days: number;
	served: number;
	meanServiceSeconds: number | null;
	logSpread: number | null;
	noShowShare: number;
	transferShare: number;
	transfersTo: { code: string; share: number }[];
	priorityArrivals: { code: string; weight: number; perHour: number[] }[];
	appointmentShowShare: number | null;
	appointmentEarlySeconds: number | null;
	appointmentLateShare: number | null;
	/** The unit's breaks (see pauseHabits), the same on each of its rows. */
	pausesPerHour: number[] | null;
	pauseMeanSeconds: number | null;
}

export async function queueProfilesOf(db: Db, unitId: string): Promise<QueueProfileRecord[]> {
	const rows = await db.selectFrom('queue_profiles').selectAll().where('unit_id', '=', unitId).execute();
	return rows.map((p) => ({
		serviceId: p.service_id,
		computedDay: p.computed_day,
		days: p.days,
		served: p.served,
		meanServiceSeconds: p.mean_service_seconds,
		logSpread: p.log_spread,
		noShowShare: p.no_show_share,
		transferShare: p.transfer_share,
		transfersTo: p.transfers_to,
		priorityArrivals: p.priority_arrivals,
		appointmentShowShare: p.appointment_show_share,
		appointmentEarlySeconds: p.appointment_early_seconds,
		appointmentLateShare: p.appointment_late_share,
		pausesPerHour: p.pauses_per_hour,
		pauseMeanSeconds: p.pause_mean_seconds
	}));
}

/** A unit's profiles, rewritten whole (in the caller's transaction). */
export async function replaceQueueProfiles(trx: Db, unitId: string, profiles: readonly QueueProfileRecord[]): Promise<void> {
	await trx.deleteFrom('queue_profiles').where('unit_id', '=', unitId).execute();
	if (profiles.length === 0) return;
	await trx
		.insertInto('queue_profiles')
		.values(
			profiles.map((p) => ({
				unit_id: unitId,
				service_id: p.serviceId,
				computed_day: p.computedDay,
				days: p.days,
				served: p.served,
				mean_service_seconds: p.meanServiceSeconds,
				log_spread: p.logSpread,
				no_show_share: p.noShowShare,
				transfer_share: p.transferShare,
				transfers_to: JSON.stringify(p.transfersTo),
				priority_arrivals: JSON.stringify(p.priorityArrivals),
				appointment_show_share: p.appointmentShowShare,
				appointment_early_seconds: p.appointmentEarlySeconds,
				appointment_late_share: p.appointmentLateShare,
				pauses_per_hour: p.pausesPerHour === null ? null : JSON.stringify(p.pausesPerHour),
				pause_mean_seconds: p.pauseMeanSeconds
			}))
		)
		.execute();
}

/** The local day each unit's profiles were last computed on. */
export async function profileDays(db: Db): Promise<Map<string, string>> {
	const rows = await db.selectFrom('queue_profiles').select(['unit_id', sql<string>`max(computed_day)::text`.as('day')]).groupBy('unit_id').execute();
	return new Map(rows.map((r) => [r.unit_id, r.day]));
}

/** An open or paused counter with the ticket it is calling or serving, if any. */
export interface LiveCounter {
	id: string;
	status: 'open' | 'paused';
	serviceIds: string[];
	statusSince: Date | null;
	current: { serviceId: string; calledAt: Date | null; startedAt: Date | null } | null;
}

export async function liveCounters(db: Db, unitId: string): Promise<LiveCounter[]> {
	const rows = await db
		.selectFrom('counters')
		.leftJoin('tickets', (join) => join.onRef('tickets.counter_id', '=', 'counters.id').on('tickets.status', 'in', ['called', 'serving']))
		.select(['counters.id', 'counters.status', 'counters.service_ids', 'counters.status_since', 'tickets.service_id as ticketService', 'tickets.called_at', 'tickets.started_at'])
		.where('counters.unit_id', '=', unitId)
		.where('counters.active', '=', true)
		.where('counters.status', 'in', ['open', 'paused'])
		.execute();
	return rows.map((c) => ({
		id: c.id,
		status: c.status === 'paused' ? 'paused' : 'open',
		serviceIds: c.service_ids,
		statusSince: c.status_since,
		current: c.ticketService ? { serviceId: c.ticketService, calledAt: c.called_at, startedAt: c.started_at } : null
	}));
}

/** A service finished today, with its counter's next call after it (and when that next ticket joined the queue). */
export interface FinishedService {
	serviceId: string;
	calledAt: Date | null;
	startedAt: Date | null;
	finishedAt: Date | null;
	nextCallAt: Date | null;
	nextQueuedAt: Date | null;
}

/** Today's latest `limit` finished services: a bounded read however long the day. */
export async function latestFinishedServices(db: Db, unitId: string, day: string, limit: number): Promise<FinishedService[]> {
	const rows = await db
		.selectFrom((q) =>
			q
				.selectFrom((r) =>
					r
						.selectFrom('tickets')
						.select(['service_id', 'status', 'counter_id', 'queued_at', 'called_at', 'started_at', 'finished_at'])
						.where('unit_id', '=', unitId)
						.where('day', '=', day)
						.where('counter_id', 'is not', null)
						.where('called_at', 'is not', null)
						.orderBy('called_at', 'desc')
						// Twice as many calls as services wanted: some were no-shows or are still at the counter.
						.limit(limit * 2)
						.as('latest')
				)
				.select([
					'service_id',
					'status',
					'called_at',
					'started_at',
					'finished_at',
					sql<Date | null>`lead(called_at) over (partition by counter_id order by called_at)`.as('next_call'),
					sql<Date | null>`lead(queued_at) over (partition by counter_id order by called_at)`.as('next_queued')
				])
				.as('t')
		)
		.selectAll()
		.where('status', '=', 'done')
		.orderBy('finished_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((s) => ({ serviceId: s.service_id, calledAt: s.called_at, startedAt: s.started_at, finishedAt: s.finished_at, nextCallAt: s.next_call, nextQueuedAt: s.next_queued }));
}

/** Today's priority walk-ins so far, counted as the profiles count them, in services that have a profile. */
export async function priorityWalkInsOn(db: Db, unitId: string, day: string): Promise<number> {
	const { n } = await db
		.selectFrom('tickets')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('unit_id', '=', unitId)
		.where('day', '=', day)
		.where('priority_weight', '>', 0)
		.where('appointment_id', 'is', null)
		.where('service_id', 'in', (eb) => eb.selectFrom('queue_profiles').select('queue_profiles.service_id').where('queue_profiles.unit_id', '=', unitId))
		.executeTakeFirstOrThrow();
	return Number(n);
}

/** What a unit's tickets of local days [from, to] say, per service (see refreshUnitProfiles). */
export interface ProfileHistory {
	/** Local days with at least one ticket. */
	days: number;
	services: { serviceId: string; served: number; meanSeconds: number | null; logSpread: number | null; noShows: number; called: number }[];
	/** Priority walk-ins per service, group and local hour of issue, summed over the days. */
	priorityWalkIns: { serviceId: string; code: string; weight: number; hour: number; n: number }[];
	/** Transfers out of each service, by target service code. */
	transfers: { serviceId: string; to: string | null; n: number }[];
	/** Checked-in appointments per service: how many, how many after their time, and the mean lead of those on time (seconds). */
	checkIns: { serviceId: string; n: number; late: number; meanEarlySeconds: number | null }[];
}

/**
 * Aggregates a unit's local days [from, to] (`startAt`–`endAt` as instants) in one transaction's
 * snapshot: service times, no-shows, priority walk-ins per local hour, transfers and check-in times.
 */
export async function profileHistory(trx: Db, unitId: string, timezone: string, range: { from: string; to: string; startAt: Date; endAt: Date }): Promise<ProfileHistory> {
	const hour = sql<number>`extract(hour from tickets.issued_at at time zone ${timezone})::int`;
	const serviceSeconds = sql<number>`extract(epoch from (tickets.finished_at - coalesce(tickets.started_at, tickets.called_at)))::float8`;
	const inRange = trx.selectFrom('tickets').where('tickets.unit_id', '=', unitId).where('tickets.day', '>=', range.from).where('tickets.day', '<=', range.to);
	// Against the booking's own time: a visitor past the grace period became a walk-in (no
	// appointment_at on the ticket) but is the latest of the late, so must count.
	const checkInOffset = sql<number>`extract(epoch from (tickets.issued_at - appointments.start_at))::float8`;
	const [open, services, priority, transfers, checkIns] = await Promise.all([
		inRange.select(sql<number>`count(distinct tickets.day)::int`.as('days')).executeTakeFirstOrThrow(),
		inRange
			.select([
				'tickets.service_id',
				sql<number>`(count(*) filter (where tickets.status = 'done' and ${serviceSeconds} > 0))::int`.as('served'),
				sql<number | null>`avg(${serviceSeconds}) filter (where tickets.status = 'done' and ${serviceSeconds} > 0)`.as('mean'),
				sql<number | null>`stddev_samp(ln(${serviceSeconds})) filter (where tickets.status = 'done' and ${serviceSeconds} > 0)`.as('spread'),
				sql<number>`(count(*) filter (where tickets.status = 'no_show'))::int`.as('noShows'),
				sql<number>`(count(*) filter (where tickets.called_at is not null))::int`.as('called')
			])
			.groupBy('tickets.service_id')
			.execute(),
		inRange
			.innerJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
			.select(['tickets.service_id', 'priority_groups.code', 'priority_groups.weight', hour.as('hour'), sql<number>`count(*)::int`.as('n')])
			.where('tickets.appointment_id', 'is', null)
			.where('tickets.priority_weight', '>', 0)
			// By position: the zone is a bound parameter, so PostgreSQL would not see a repeated
			// hour expression in GROUP BY as the selected one.
			.groupBy(['tickets.service_id', 'priority_groups.code', 'priority_groups.weight', sql`4`])
			.execute(),
		trx
			.selectFrom('ticket_events')
			.select(['service_id', sql<string | null>`details->>'toService'`.as('to'), sql<number>`count(*)::int`.as('n')])
			.where('unit_id', '=', unitId)
			.where('action', '=', 'transfer')
			.where('at', '>=', range.startAt)
			.where('at', '<', range.endAt)
			.groupBy(['service_id', sql`details->>'toService'`])
			.execute(),
		// Checked-in appointments: seconds from their time to the check-in (negative: early). A
		// read-only join of the ticket (the check-in) with its booking: one view, kept here.
		inRange
			.innerJoin('appointments', 'appointments.id', 'tickets.appointment_id')
			.select([
				'tickets.service_id',
				sql<number>`count(*)::int`.as('n'),
				sql<number>`(count(*) filter (where ${checkInOffset} > 0))::int`.as('late'),
				sql<number | null>`avg(-${checkInOffset}) filter (where ${checkInOffset} <= 0)`.as('early')
			])
			.groupBy('tickets.service_id')
			.execute()
	]);
	return {
		days: open.days,
		services: services.map((s) => ({ serviceId: s.service_id, served: s.served, meanSeconds: s.mean, logSpread: s.spread, noShows: s.noShows, called: s.called })),
		priorityWalkIns: priority.map((p) => ({ serviceId: p.service_id, code: p.code, weight: p.weight, hour: p.hour, n: p.n })),
		transfers: transfers.map((t) => ({ serviceId: t.service_id, to: t.to, n: t.n })),
		checkIns: checkIns.map((c) => ({ serviceId: c.service_id, n: c.n, late: c.late, meanEarlySeconds: c.early }))
	};
}
