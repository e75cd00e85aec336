import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { Deps } from '$lib/server/deps';
import { activeUnits, type UnitRecord } from '$lib/units/store.server';
import { openWindowsOn } from '$lib/units/hours';
import { addDays } from '$lib/stats/report-query';
import { DEFAULT_LOG_SPREAD, type ForecastCounter, type PaceSample, type ServiceProfile } from './estimate';
import { localDay } from './numbering';
import type { ForecastFacts } from './snapshot';
import type { Conn } from './store.server';

/*
 * The forecast's inputs. The slow-moving ones (service times, no-shows, transfers, priority
 * walk-ins per hour, when booked visitors check in) come from queue_profiles, which a job rewrites
 * once a day per unit from its last four weeks; the live ones (counters, what they are serving,
 * today's pace and priority walk-ins so far, appointments still to come) are a few small reads of
 * today's rows. Today's pace counts each service with the hand-over after it (the clerk's gap
 * before the next call), which the usual service times leave out.
 */

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** How many past days a profile is made of. */
export const PROFILE_DAYS = 28;
// A pause's usual length, until pauses are recorded with their ends.
const TYPICAL_PAUSE_SECONDS = 15 * 60;
const DEFAULT_SHOW_SHARE = 0.85;
// Today's latest services: enough for the pace with an hour-long half-life.
const PACE_SAMPLES = 60;
// Longest gap between a finish and the counter's next call still read as hand-over time.
const HANDOVER_SECONDS = 180;

/** Everything the forecast needs besides the waiting tickets, for one unit now. */
export async function forecastFacts(
	db: Conn,
	unit: UnitRecord,
	/** The unit's services, already read by the caller. */
	services: readonly { id: string; code: string; expectedServiceMinutes: number }[],
	now: Date
): Promise<ForecastFacts> {
	const today = localDay(now, unit.timezone);
	const grace = unit.settings.appointments?.lateMinutes ?? 15;
	const [profiles, counters, samples, booked, priorityToday] = await Promise.all([
		db.selectFrom('queue_profiles').selectAll().where('unit_id', '=', unit.id).execute(),
		db
			.selectFrom('counters')
			.leftJoin('tickets', (join) => join.onRef('tickets.counter_id', '=', 'counters.id').on('tickets.status', 'in', ['called', 'serving']))
			.select(['counters.id', 'counters.status', 'counters.service_ids', 'counters.status_since', 'tickets.service_id as ticketService', 'tickets.called_at', 'tickets.started_at'])
			.where('counters.unit_id', '=', unit.id)
			.where('counters.active', '=', true)
			.where('counters.status', 'in', ['open', 'paused'])
			.execute(),
		// Today's latest calls (a bounded read however long the day), each with its counter's next call.
		db
			.selectFrom((q) =>
				q
					.selectFrom((r) =>
						r
							.selectFrom('tickets')
							.select(['service_id', 'status', 'counter_id', 'queued_at', 'called_at', 'started_at', 'finished_at'])
							.where('unit_id', '=', unit.id)
							.where('day', '=', today)
							.where('counter_id', 'is not', null)
							.where('called_at', 'is not', null)
							.orderBy('called_at', 'desc')
							.limit(PACE_SAMPLES * 2)
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
			.limit(PACE_SAMPLES)
			.execute(),
		db
			.selectFrom('appointments')
			.select(['service_id', 'start_at'])
			.where('unit_id', '=', unit.id)
			.where('status', '=', 'booked')
			.where('start_at', '>=', new Date(now.getTime() - grace * 60_000))
			.where('start_at', '<', new Date(now.getTime() + 12 * 3600_000))
			.execute(),
		// Today's priority walk-ins so far, counted as the profiles count them — and only in services
		// that have a profile, whose usual rates they are compared with: the usual rates are scaled by them.
		db
			.selectFrom('tickets')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('unit_id', '=', unit.id)
			.where('day', '=', today)
			.where('priority_weight', '>', 0)
			.where('appointment_id', 'is', null)
			.where('service_id', 'in', (eb) => eb.selectFrom('queue_profiles').select('queue_profiles.service_id').where('queue_profiles.unit_id', '=', unit.id))
			.executeTakeFirstOrThrow()
	]);
	const codeOf = new Map(services.map((s) => [s.id, s.code]));
	const history = new Map(profiles.map((p) => [p.service_id, p]));
	const profileMap = new Map<string, ServiceProfile>();
	for (const s of services) {
		const p = history.get(s.id);
		profileMap.set(s.code, {
			code: s.code,
			meanServiceSeconds: p?.mean_service_seconds ?? Math.max(60, s.expectedServiceMinutes * 60),
			logSpread: p?.log_spread ?? DEFAULT_LOG_SPREAD,
			noShowShare: p?.no_show_share ?? 0.05,
			transferShare: p?.transfer_share ?? 0,
			transfersTo: p?.transfers_to ?? [],
			priorityArrivals: p?.priority_arrivals ?? []
		});
	}
	const shows = profiles.flatMap((p) => (p.appointment_show_share === null ? [] : [p.appointment_show_share]));
	const checkIns = profiles.flatMap((p) => (p.appointment_early_seconds === null || p.appointment_late_share === null ? [] : [{ earlySeconds: p.appointment_early_seconds, lateShare: p.appointment_late_share }]));
	const local = DateTime.fromJSDate(now, { zone: unit.timezone });
	const window = openWindowsOn(unit.openingHours, unit.timezone, today).find((w) => w.start <= now && now < w.end);
	const closesInSeconds = window ? (window.end.getTime() - now.getTime()) / 1000 : null;
	const seconds = (from: Date | null) => (from ? Math.max(0, (now.getTime() - from.getTime()) / 1000) : 0);
	return {
		localHour: local.hour + local.minute / 60,
		counters: counters.map(
			(c): ForecastCounter => ({
				id: c.id,
				services: c.service_ids.map((id) => codeOf.get(id)).filter((code): code is string => !!code),
				status: c.status === 'paused' ? 'paused' : 'open',
				current: c.ticketService ? { serviceCode: codeOf.get(c.ticketService) ?? '', elapsedSeconds: seconds(c.started_at ?? c.called_at) } : null,
				pausedSeconds: c.status === 'paused' ? seconds(c.status_since) : 0,
				closesInSeconds
			})
		),
		profiles: profileMap,
		booked: booked.flatMap((b) => (codeOf.has(b.service_id) ? [{ serviceCode: codeOf.get(b.service_id)!, at: b.start_at }] : [])),
		appointmentShowShare: shows.length ? mean(shows) : DEFAULT_SHOW_SHARE,
		...(checkIns.length ? { appointmentCheckIns: { earlySeconds: mean(checkIns.map((c) => c.earlySeconds)), lateShare: mean(checkIns.map((c) => c.lateShare)) } } : {}),
		todaySamples: samples.flatMap((s): PaceSample[] => {
			const from = s.started_at ?? s.called_at;
			const code = codeOf.get(s.service_id);
			if (!from || !s.finished_at || !code) return [];
			// The counter's next call came this long after: its hand-over, part of what a ticket costs
			// the counter today — when that next ticket was already waiting (otherwise the counter sat
			// idle) and the gap is short (a longer one was a pause, not pace).
			const waited = s.next_queued !== null && s.next_queued.getTime() <= s.finished_at.getTime();
			const handover = s.next_call && waited ? (s.next_call.getTime() - s.finished_at.getTime()) / 1000 : 0;
			const seconds = (s.finished_at.getTime() - from.getTime()) / 1000 + (handover > 0 && handover <= HANDOVER_SECONDS ? handover : 0);
			return [{ serviceCode: code, seconds, at: s.finished_at }];
		}),
		typicalPauseSeconds: TYPICAL_PAUSE_SECONDS,
		priorityWalkInsToday: Number(priorityToday.n)
	};
}

/**
 * Rewrites a unit's profiles from its last {@link PROFILE_DAYS} local days (today excluded): per
 * service, the mean and log-spread of service times, the shares of calls that were no-shows or
 * transfers (and to where), the priority walk-ins per group and local hour of an average open day,
 * the share of booked appointments that checked in and when they did relative to their time. One transaction; a rerun gives the same rows.
 */
export async function refreshUnitProfiles(db: Conn, unit: UnitRecord, now: Date): Promise<void> {
	const today = localDay(now, unit.timezone);
	const from = addDays(today, -PROFILE_DAYS);
	const to = addDays(today, -1);
	const startAt = DateTime.fromISO(from, { zone: unit.timezone }).toJSDate();
	const endAt = DateTime.fromISO(today, { zone: unit.timezone }).toJSDate();
	const hour = sql<number>`extract(hour from tickets.issued_at at time zone ${unit.timezone})::int`;
	const serviceSeconds = sql<number>`extract(epoch from (tickets.finished_at - coalesce(tickets.started_at, tickets.called_at)))::float8`;
	await db.transaction().execute(async (trx) => {
		const inRange = trx.selectFrom('tickets').where('tickets.unit_id', '=', unit.id).where('tickets.day', '>=', from).where('tickets.day', '<=', to);
		// Against the booking's own time: a visitor past the grace period became a walk-in (no
		// appointment_at on the ticket) but is the latest of the late, so must count.
		const checkInOffset = sql<number>`extract(epoch from (tickets.issued_at - appointments.start_at))::float8`;
		const [open, services, priority, transfers, appointments, checkIns] = await Promise.all([
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
				.select(['service_id', sql<string>`details->>'toService'`.as('to'), sql<number>`count(*)::int`.as('n')])
				.where('unit_id', '=', unit.id)
				.where('action', '=', 'transfer')
				.where('at', '>=', startAt)
				.where('at', '<', endAt)
				.groupBy(['service_id', sql`details->>'toService'`])
				.execute(),
			trx
				.selectFrom('appointments')
				.select([
					'service_id',
					sql<number>`(count(*) filter (where status = 'checked_in'))::int`.as('came'),
					sql<number>`(count(*) filter (where status in ('checked_in', 'no_show')))::int`.as('due')
				])
				.where('unit_id', '=', unit.id)
				.where('start_at', '>=', startAt)
				.where('start_at', '<', endAt)
				.groupBy('service_id')
				.execute(),
			// Checked-in appointments: seconds from their time to the check-in (negative: early).
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
		const days = Math.max(1, open.days);
		await trx.deleteFrom('queue_profiles').where('unit_id', '=', unit.id).execute();
		const rows = services.map((s) => {
			const groups = new Map<string, { code: string; weight: number; perHour: number[] }>();
			for (const p of priority.filter((p) => p.service_id === s.service_id)) {
				const g = groups.get(p.code) ?? { code: p.code, weight: p.weight, perHour: Array<number>(24).fill(0) };
				g.perHour[p.hour] += p.n / days;
				groups.set(p.code, g);
			}
			const moves = transfers.filter((t) => t.service_id === s.service_id && t.to);
			const moved = moves.reduce((sum, t) => sum + t.n, 0);
			const booked = appointments.find((a) => a.service_id === s.service_id);
			const came = checkIns.find((c) => c.service_id === s.service_id);
			return {
				unit_id: unit.id,
				service_id: s.service_id,
				computed_day: today,
				days,
				served: s.served,
				mean_service_seconds: s.mean,
				log_spread: s.spread,
				no_show_share: s.called ? s.noShows / s.called : 0,
				transfer_share: s.called ? moved / s.called : 0,
				transfers_to: JSON.stringify(moves.map((t) => ({ code: t.to, share: t.n / moved }))),
				priority_arrivals: JSON.stringify([...groups.values()]),
				appointment_show_share: booked && booked.due ? booked.came / booked.due : null,
				// Early check-ins read as spread evenly over a span before the time: twice their mean.
				appointment_early_seconds: came && came.early !== null ? 2 * came.early : null,
				appointment_late_share: came && came.n ? came.late / came.n : null
			};
		});
		if (rows.length) await trx.insertInto('queue_profiles').values(rows).execute();
	});
}

/** The job: every unit whose profiles are not from its today yet gets them rewritten. */
export async function refreshQueueProfiles(deps: Deps): Promise<number> {
	const now = deps.now();
	const units = await activeUnits(deps.db);
	const fresh = await deps.db.selectFrom('queue_profiles').select(['unit_id', sql<string>`max(computed_day)::text`.as('day')]).groupBy('unit_id').execute();
	const dayOf = new Map(fresh.map((f) => [f.unit_id, f.day]));
	let refreshed = 0;
	for (const unit of units) {
		if (dayOf.get(unit.id) === localDay(now, unit.timezone)) continue;
		await refreshUnitProfiles(deps.db, unit, now);
		refreshed++;
	}
	return refreshed;
}
