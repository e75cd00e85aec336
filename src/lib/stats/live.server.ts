import { sql } from 'kysely';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { loadQueueState } from '$lib/queue/queue-state.server';
import { unitCounters } from '$lib/queue/queue-views.server';
import { activeUnits, servicesOfUnit, type UnitRecord } from '$lib/units/store.server';
import { localDayRange, unitLive, type CounterNow, type PrinterNow, type TodayCounts, type UnitLive } from './live';
import type { Distribution } from './satisfaction';

export interface LiveOverview {
	/** ISO instant the figures were read at; the screen ages waits from it. */
	readonly at: string;
	readonly units: readonly UnitLive[];
}

/**
 * Today's tallies of one unit in SQL, over the local day in the unit's zone. Only tickets
 * called since the day began can have been served, missed or called today, so the range on
 * called_at (indexed per unit) bounds the scan; `issued` uses the ticket's own local day.
 */
async function todayCounts(deps: Deps, unit: UnitRecord, start: Date, end: Date, day: string): Promise<TodayCounts> {
	const row = await deps.db
		.selectFrom('tickets')
		.select([
			sql<number>`count(*) filter (where status = 'done' and finished_at >= ${start} and finished_at < ${end})::int`.as('served'),
			sql<number>`count(*) filter (where status = 'no_show' and finished_at >= ${start} and finished_at < ${end})::int`.as('noShows'),
			sql<number>`count(*) filter (where called_at >= ${start} and called_at < ${end})::int`.as('called'),
			sql<number>`coalesce(sum(extract(epoch from (called_at - queued_at))) filter (where called_at >= ${start} and called_at < ${end}), 0)::float8`.as(
				'waitSecondsSum'
			)
		])
		.where('unit_id', '=', unit.id)
		.where('called_at', 'is not', null)
		// A ticket finished today may have been called just before midnight.
		.where('called_at', '>=', new Date(start.getTime() - 86_400_000))
		.where('called_at', '<', end)
		.executeTakeFirstOrThrow();
	const issued = await deps.db
		.selectFrom('tickets')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('unit_id', '=', unit.id)
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

/** Today's ratings of the unit per score, over the local day (indexed on unit and time). */
async function todayRatings(deps: Deps, unit: UnitRecord, start: Date, end: Date): Promise<Distribution> {
	const rows = await deps.db
		.selectFrom('ratings')
		.select(['score', sql<number>`count(*)::int`.as('n')])
		.where('unit_id', '=', unit.id)
		.where('created_at', '>=', start)
		.where('created_at', '<', end)
		.groupBy('score')
		.execute();
	const counts = [0, 0, 0, 0, 0];
	for (const r of rows) if (r.score >= 1 && r.score <= 5) counts[r.score - 1] = Number(r.n);
	return counts as unknown as Distribution;
}

/** The unit's active printers with the health their last check found (none checked yet: left out). */
async function unitPrinters(deps: Deps, unit: UnitRecord): Promise<PrinterNow[]> {
	const rows = await deps.db.selectFrom('printers').select(['name', 'last_status']).where('unit_id', '=', unit.id).where('active', '=', true).orderBy('name').execute();
	return rows.flatMap((p) => (p.last_status ? [{ name: p.name, health: p.last_status.health }] : []));
}

async function unitOverview(deps: Deps, actor: Actor, unit: UnitRecord, now: Date): Promise<UnitLive> {
	const { day, start, end } = localDayRange(now, unit.timezone);
	const [catalogue, state, counters, today, ratings, printers] = await Promise.all([
		servicesOfUnit(deps.db, unit.id),
		loadQueueState(deps.db, unit, now),
		unitCounters(deps, actor, unit.slug),
		todayCounts(deps, unit, start, end, day),
		todayRatings(deps, unit, start, end),
		unitPrinters(deps, unit)
	]);
	return unitLive({
		unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
		day,
		services: catalogue.map((s) => {
			const q = state.get(s.code);
			return {
				code: s.code,
				name: s.name,
				waiting: q?.order.length ?? 0,
				longestWaitSeconds: q?.longestWaitSeconds ?? 0,
				estimatedWaitMinutes: q?.estimateForNewMinutes ?? 0,
				openCounters: q?.openCounters ?? 0,
				targetWaitMinutes: s.expected_wait_minutes
			};
		}),
		counters: counters.map(
			(c): CounterNow => ({
				id: c.id,
				number: c.number,
				name: c.name,
				status: c.status,
				clerk: c.clerk,
				pauseReason: c.pauseReason,
				services: c.services,
				ticket: c.ticket ? { number: c.ticket.number, status: c.ticket.status } : null
			})
		),
		today,
		ratings,
		printers
	});
}

/**
 * The manager's live view: every unit the person may read statistics of (all for an admin),
 * each with its queues against the Carta targets, counters and today's figures. A role
 * without `stats:read` anywhere (clerk, agent, organ staff) is refused outright.
 */
export async function liveOverview(deps: Deps, actor: Actor): Promise<LiveOverview> {
	const user = requireUser(actor);
	authorize(actor, 'stats:read');
	const now = deps.now();
	const all = await activeUnits(deps.db);
	const mine = user.role === 'admin' ? all : all.filter((u) => user.unitIds.includes(u.id));
	for (const unit of mine) authorize(actor, 'stats:read', { unitId: unit.id });
	const units = await Promise.all(mine.map((unit) => unitOverview(deps, actor, unit, now)));
	return { at: now.toISOString(), units };
}
