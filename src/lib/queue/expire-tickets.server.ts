import type { Deps } from '$lib/server/deps';
import { activeUnits, type UnitRecord } from '$lib/units/store.server';
import { invalidateSummary } from '$lib/stats/summary-store.server';
import { expiryCutoff } from './end-of-day';
import { publishUnit } from './publish.server';
import type { Db } from '$lib/server/db/database';
import { expireWaitingTickets, type ExpiryFilter } from './expiry-store.server';

interface Expiry {
	/** Which of the unit's waiting tickets expire. */
	which: ExpiryFilter;
	/** Runs first in the same transaction (e.g. marking which remote tickets were passed). */
	before?: (trx: Db) => Promise<void>;
	actor: string;
	details: Record<string, unknown>;
	logMessage: string;
}

/**
 * Expires a unit's waiting tickets in one transaction — one event each, the day's summary reopened
 * when it was already made — then tells the screens. Both sweeps (end of day, remote visitors who
 * never arrived) go through here. Safe from several processes: the UPDATE only touches waiting rows.
 */
export async function expireUnitTickets(deps: Deps, unit: UnitRecord, expiry: Expiry): Promise<number> {
	const now = deps.now();
	const expired = await deps.db.transaction().execute(async (trx) => {
		await expiry.before?.(trx);
		const rows = await expireWaitingTickets(trx, unit.id, expiry.which, { at: now, actor: expiry.actor, details: expiry.details });
		// A sweep that comes after a day was summarised (a server down over night) reopens it.
		if (rows.length) await invalidateSummary(trx, unit.id, [...new Set(rows.map((r) => r.day))], now);
		return rows;
	});
	if (expired.length) {
		deps.log.info(expiry.logMessage, { unit: unit.slug, count: expired.length });
		publishUnit(deps, unit, [], expired.map((r) => r.id));
	}
	return expired.length;
}

/**
 * The end-of-day sweep: tickets still waiting when the unit closes (or at its configured hour)
 * expire, so numbers and queues start clean the next day and no-show counts stay honest.
 */
export async function expireTickets(deps: Deps): Promise<number> {
	const now = deps.now();
	const units = await activeUnits(deps.db);
	let total = 0;
	for (const unit of units) {
		const cutoff = expiryCutoff(unit.openingHours, unit.settings.endOfDay ?? null, unit.timezone, now);
		total += await expireUnitTickets(deps, unit, {
			which: { queuedBefore: cutoff },
			actor: 'system:end-of-day',
			details: { cutoff: cutoff.toISOString() },
			logMessage: 'tickets expired at end of day'
		});
	}
	return total;
}
