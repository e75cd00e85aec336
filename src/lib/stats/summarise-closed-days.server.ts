import type { Deps } from '$lib/server/deps';
import { localDay } from '$lib/queue/numbering';
import { unitList } from '$lib/units/store.server';
import { addDays } from './report-query';
import { dayRuns, monthStart } from './summary-coverage';
import { firstTicketDay, summariseDays, summariseMonth, unsummarised } from './summary-store.server';

/**
 * Days stay open for changes until the day after next in the unit's zone (a ticket served past
 * midnight, the end-of-day sweep), so a unit's days are summarised from the day before yesterday back.
 */
export const lastClosedDay = (now: Date, timezone: string) => addDays(localDay(now, timezone), -2);

/**
 * The summary job: summarises every closed day of every unit not summarised yet (from the month
 * of its first ticket), then the months all of whose days are. At most `maxDays` unit-days a run,
 * so a first run over years of history is spread over ticks. Safe from several processes: each
 * unit's work holds its lock, and work done twice gives the same rows. Returns the days summarised
 * (a run may pass `maxDays` by less than a month: days go in runs of up to 31).
 */
export async function summariseClosedDays(deps: Pick<Deps, 'db' | 'now'>, maxDays = 400): Promise<number> {
	const { db } = deps;
	// Every unit, active or not (a closed unit's past still reports), in the order of their slugs.
	const units = (await unitList(db)).sort((a, b) => a.slug.localeCompare(b.slug));
	let budget = maxDays;
	for (const unit of units) {
		if (budget <= 0) break;
		const first = await firstTicketDay(db, unit.id);
		if (!first) continue;
		const from = monthStart(first);
		const to = lastClosedDay(deps.now(), unit.timezone);
		if (from > to) continue;
		const pending = await unsummarised(db, unit.id, 'day', from, to);
		for (const run of pending.size ? dayRuns(from, to, (d) => pending.has(d), 31) : []) {
			if (budget <= 0) break;
			await summariseDays(db, unit.id, run);
			for (let d = run.from; d <= run.to; d = addDays(d, 1)) pending.delete(d);
			budget -= run.days;
		}
		for (const m of await unsummarised(db, unit.id, 'month', from, to)) {
			if (![...pending].some((d) => monthStart(d) === m)) await summariseMonth(db, unit.id, m);
		}
	}
	return maxDays - budget;
}
