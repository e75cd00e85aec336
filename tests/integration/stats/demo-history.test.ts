import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, testDeps } from '../engines';
import { migrate, type DatabaseHandle } from '../../../src/lib/server/db/database';
import { DEMO_HISTORY_DAYS, seedDemoIfEmpty } from '../../../src/lib/server/demo/seed';
import { localDay } from '../../../src/lib/queue/numbering';
import { addDays } from '../../../src/lib/stats/report-query';

for (const engine of engines()) {
	describe(`demo history on ${engine.name}`, () => {
		let handle: DatabaseHandle;

		beforeAll(async () => {
			handle = await engine.open();
			await migrate(handle.db);
			await seedDemoIfEmpty(testDeps(handle).deps);
		});
		afterAll(() => handle?.close());

		it('gives every unit the last 60 days of finished tickets and ratings, and leaves today to live use', async () => {
			const today = localDay(new Date(), 'America/Sao_Paulo');
			const rows = await handle.db
				.selectFrom('tickets')
				.innerJoin('units', 'units.id', 'tickets.unit_id')
				.select(['units.slug', sql<string>`min(tickets.day)`.as('first'), sql<string>`max(tickets.day)`.as('last'), sql<number>`count(*)::int`.as('n')])
				.groupBy('units.slug')
				.execute();
			expect(rows).toHaveLength(6);
			for (const r of rows) {
				expect(r.first >= addDays(today, -DEMO_HISTORY_DAYS), r.slug).toBe(true);
				expect(r.last < today, r.slug).toBe(true);
				expect(r.n, r.slug).toBeGreaterThan(1000);
			}
			const open = await handle.db.selectFrom('tickets').select('id').where('status', 'in', ['waiting', 'called', 'serving']).execute();
			expect(open).toEqual([]);
			const commented = await handle.db.selectFrom('ratings').select(sql<number>`count(comment)::int`.as('n')).executeTakeFirstOrThrow();
			expect(commented.n).toBeGreaterThan(100);
		});
	});
}
