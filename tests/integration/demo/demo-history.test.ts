import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, testDeps } from '../engines';
import { migrate, type DatabaseHandle } from '../../../src/lib/server/db/database';
import { DEMO_HISTORY_DAYS, seedDemoIfEmpty } from '../../../src/lib/demo/seed.server';
import { localDay } from '../../../src/lib/queue/numbering';
import { addDays } from '../../../src/lib/stats/report-query';
import { refreshQueueProfiles } from '../../../src/lib/queue/estimate-inputs.server';
import { generateHistory } from '../../../src/lib/demo/history.server';
import { givenUnit, givenUser } from '../given';

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

		it("learns every unit's queue profile from its history: service times, priority walk-ins per hour, once a day", async () => {
			const { deps } = testDeps(handle);
			expect(await refreshQueueProfiles(deps)).toBe(6);
			const profiles = await handle.db
				.selectFrom('queue_profiles')
				.innerJoin('units', 'units.id', 'queue_profiles.unit_id')
				.select(['units.slug', 'queue_profiles.mean_service_seconds', 'queue_profiles.priority_arrivals'])
				.execute();
			expect(new Set(profiles.map((p) => p.slug)).size).toBe(6);
			for (const p of profiles) if (p.mean_service_seconds !== null) expect(p.mean_service_seconds).toBeGreaterThan(30);
			const walkIns = profiles.flatMap((p) => (typeof p.priority_arrivals === 'string' ? JSON.parse(p.priority_arrivals) : p.priority_arrivals) as { perHour: number[] }[]);
			expect(walkIns.some((g) => g.perHour.some((n) => n > 0))).toBe(true);
			expect(await refreshQueueProfiles(deps)).toBe(0);
		});

		it('books appointments where units take them: a share of the tickets are check-ins, with no-shows and cancellations', async () => {
			const statuses = await handle.db.selectFrom('appointments').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
			const count = (s: string) => statuses.find((r) => r.status === s)?.n ?? 0;
			expect(count('checked_in')).toBeGreaterThan(1000);
			expect(count('no_show')).toBeGreaterThan(0);
			expect(count('cancelled')).toBeGreaterThan(0);
			expect(count('booked')).toBe(0); // all in the past: every one has an outcome
			// Only unit-services with capacity, and each checked-in appointment is one ticket of the 'appointment' channel.
			const outside = await handle.db
				.selectFrom('appointments as a')
				.leftJoin('appointment_capacity as c', (j) => j.onRef('c.unit_id', '=', 'a.unit_id').onRef('c.service_id', '=', 'a.service_id'))
				.select('a.id')
				.where('c.unit_id', 'is', null)
				.execute();
			expect(outside).toEqual([]);
			const tickets = await handle.db
				.selectFrom('tickets')
				.select([
					sql<number>`count(*)::int`.as('all'),
					sql<number>`(count(*) filter (where channel = 'appointment' and appointment_id is not null))::int`.as('checkIns')
				])
				.executeTakeFirstOrThrow();
			expect(tickets.checkIns).toBe(count('checked_in'));
			expect(tickets.checkIns / tickets.all).toBeGreaterThan(0.05);
			expect(tickets.checkIns / tickets.all).toBeLessThan(0.4);
		});
	});

	describe(`history of a unit on ${engine.name}`, () => {
		it('serves on past days a service the unit still offers that the catalogue has withdrawn since', async () => {
			const handle = await engine.open();
			try {
				const unit = await givenUnit(handle.db, { counters: 2, hours: { tue: [['08:00', '17:00']] } });
				await givenUser(handle.db, 'clerk', [unit.id]);
				await handle.db.updateTable('services').set({ active: false }).where('code', '=', unit.services.alvara).execute();
				// 2026-03-03 and 2026-03-10 are Tuesdays.
				await generateHistory(handle.db, { seed: 1, days: 14, today: '2026-03-11', units: [unit.slug] }, new Date('2026-03-11T15:00:00Z'));
				const served = await handle.db
					.selectFrom('tickets')
					.innerJoin('services', 'services.id', 'tickets.service_id')
					.select('services.code')
					.distinct()
					.where('tickets.unit_id', '=', unit.id)
					.execute();
				expect(served.map((s) => s.code).sort()).toEqual([unit.services.alvara, unit.services.iptu].sort());
			} finally {
				await handle.close();
			}
		});
	});
}
