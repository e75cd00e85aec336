import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { loadQueueState } from '$lib/queue/queue-state.server';
import { unitCounters } from '$lib/queue/queue-views.server';
import { activeUnits, servicesOfUnit, type UnitRecord } from '$lib/units/store.server';
import { localDayRange, unitLive, type CounterNow, type PrinterNow, type UnitLive } from './live';
import { printersOfUnit } from '$lib/printing/store.server';
import { ratingCountsBetween, todayTicketCounts } from './store.server';

export interface LiveOverview {
	/** ISO instant the figures were read at; the screen ages waits from it. */
	readonly at: string;
	readonly units: readonly UnitLive[];
}

/** The unit's active printers with the health their last check found (none checked yet: left out). */
async function unitPrinters(deps: Deps, unit: UnitRecord): Promise<PrinterNow[]> {
	const rows = await printersOfUnit(deps.db, unit.id);
	return rows.flatMap((p) => (p.active && p.lastStatus ? [{ name: p.name, health: p.lastStatus.health }] : []));
}

async function unitOverview(deps: Deps, actor: Actor, unit: UnitRecord, now: Date): Promise<UnitLive> {
	const { day, start, end } = localDayRange(now, unit.timezone);
	const [catalogue, state, counters, today, ratings, printers] = await Promise.all([
		servicesOfUnit(deps.db, unit.id),
		loadQueueState(deps.db, unit, now),
		unitCounters(deps, actor, unit.slug),
		todayTicketCounts(deps.db, unit.id, start, end, day),
		ratingCountsBetween(deps.db, unit.id, start, end),
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
				targetWaitMinutes: s.expectedWaitMinutes
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
