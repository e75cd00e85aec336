import { sql } from 'kysely';
import type { Deps } from '$lib/server/deps';
import { invalidateSummary } from '$lib/stats/ticket-summary.server';
import { expiryCutoff } from './end-of-day';
import { publishUnit } from './publish.server';

/**
 * The end-of-day sweep: tickets still waiting when the unit closes (or at its configured hour)
 * expire, so numbers and queues start clean the next day and no-show counts stay honest.
 * Idempotent and safe to run from several processes: the UPDATE only touches waiting rows.
 */
export async function expireTickets(deps: Deps): Promise<number> {
	const now = deps.now();
	const units = await deps.db.selectFrom('units').selectAll().where('active', '=', true).execute();
	let total = 0;
	for (const unit of units) {
		const cutoff = expiryCutoff(unit.opening_hours, unit.settings.endOfDay ?? null, unit.timezone, now);
		const expired = await deps.db.transaction().execute(async (trx) => {
			const rows = await trx
				.updateTable('tickets')
				.set({ status: 'expired', finished_at: now })
				.where('unit_id', '=', unit.id)
				.where('status', '=', 'waiting')
				.where('queued_at', '<', cutoff)
				.returning(['id', 'service_id', sql<string>`day::text`.as('day')])
				.execute();
			if (rows.length) {
				await trx
					.insertInto('ticket_events')
					.values(
						rows.map((r) => ({
							ticket_id: r.id,
							unit_id: unit.id,
							at: now,
							action: 'expire',
							from_status: 'waiting',
							to_status: 'expired',
							service_id: r.service_id,
							counter_id: null,
							actor: 'system:end-of-day',
							details: JSON.stringify({ cutoff: cutoff.toISOString() })
						}))
					)
					.execute();
				// A sweep that comes after a day was summarised (a server down over night) reopens it.
				await invalidateSummary(trx, unit.id, [...new Set(rows.map((r) => r.day))], now);
			}
			return rows;
		});
		if (expired.length) {
			total += expired.length;
			deps.log.info('tickets expired at end of day', { unit: unit.slug, count: expired.length });
			publishUnit(deps, unit, [], expired.map((r) => r.id));
		}
	}
	return total;
}
