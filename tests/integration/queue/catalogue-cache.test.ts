import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, kiosk, priorityGroup } from '../given';
import { databaseUrl } from '../template';
import { openPostgres, type DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';

const ORIGIN = 'http://vez.test';

/**
 * Two server processes on one database: each has its own copy of the catalogue. On PGlite (one
 * process only) the "other process" is the same database written around the copy.
 */
async function twoProcesses(engine: ReturnType<typeof engines>[number]): Promise<{ one: DatabaseHandle; other: DatabaseHandle; close(): Promise<void> }> {
	if (engine.name === 'pglite') {
		const one = await engine.open();
		return { one, other: one, close: () => one.close() };
	}
	const url = inject('postgresUrl')!;
	const name = `vez_t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
	await admin.end();
	const one = openPostgres(databaseUrl(url, name), { max: 4, connectTimeoutMs: 60_000 });
	const other = openPostgres(databaseUrl(url, name), { max: 4, connectTimeoutMs: 60_000 });
	return {
		one,
		other,
		async close() {
			await one.close();
			await other.close();
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await client.end();
		}
	};
}

for (const engine of engines()) {
	describe(`the catalogue a process keeps, on ${engine.name}`, () => {
		let dbs: Awaited<ReturnType<typeof twoProcesses>>;
		let t: ReturnType<typeof testDeps>;

		beforeAll(async () => {
			dbs = await twoProcesses(engine);
			t = testDeps(dbs.one, { now: new Date('2026-03-10T13:00:00Z') });
			await priorityGroup(dbs.one.db, 'gestante', 20);
		});
		afterAll(() => dbs.close());

		it('issues with a prefix, a service, a priority group and a unit changed by another process since the last ticket', async () => {
			const unit = await givenUnit(dbs.one.db);
			const device = kiosk(unit.id);
			const issue = (service: string, extra: Record<string, unknown> = {}) => {
				t.clock.now = new Date(t.clock.now.getTime() + 1000);
				return issueTicket(t.deps, device, unit.slug, { service, ...extra }, ORIGIN);
			};
			expect((await issue(unit.services.iptu)).number).toBe('A001');
			expect((await issue(unit.services.iptu, { priority: 'gestante' })).priority).toBe('gestante');

			// The other process's administrator renames the prefix, offers a new service, retires a
			// priority group: this process's next tickets follow at once.
			const other = dbs.other.db;
			await other.updateTable('unit_services').set({ prefix: 'Z' }).where('unit_id', '=', unit.id).where('prefix', '=', 'A').execute();
			expect((await issue(unit.services.iptu)).number).toBe('Z003');

			const organ = await other.selectFrom('services').select('organ_id').where('code', '=', unit.services.iptu).executeTakeFirstOrThrow();
			const added = await other
				.insertInto('services')
				.values({ code: `novo-${unit.slug}`, name: 'Serviço novo', organ_id: organ.organ_id, theme: 'T', subject: 'S', documents: '[]', steps: '[]', channels: '[]', deadline_amount: null, deadline_unit: null })
				.returning('id')
				.executeTakeFirstOrThrow();
			await other.insertInto('unit_services').values({ unit_id: unit.id, service_id: added.id, prefix: 'N' }).execute();
			expect((await issue(`novo-${unit.slug}`)).number).toBe('N001');

			await other.updateTable('priority_groups').set({ active: false }).where('code', '=', 'gestante').execute();
			expect(await codeOf(issue(unit.services.iptu, { priority: 'gestante' }))).toBe('priority_not_found');
			await other.updateTable('priority_groups').set({ active: true }).where('code', '=', 'gestante').execute();
			expect((await issue(unit.services.iptu, { priority: 'gestante' })).number).toBe('Z004');

			await other.updateTable('unit_services').set({ active: false }).where('service_id', '=', added.id).execute();
			expect(await codeOf(issue(`novo-${unit.slug}`))).toBe('service_not_offered');

			await other.updateTable('units').set({ active: false }).where('id', '=', unit.id).execute();
			expect(await codeOf(issue(unit.services.iptu))).toBe('unit_not_found');
		});

		it('counts a kiosk issue once against its per-minute ceiling when a changed catalogue makes it run again', async () => {
			const unit = await givenUnit(dbs.one.db, { settings: { issueOutsideHours: true, kioskIssuesPerMinute: 2 } });
			const device = kiosk(unit.id);
			const issue = () => issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN);
			expect((await issue()).number).toBe('A001');
			// Another process changes the catalogue: this process's next issue meets a stale copy and reruns.
			await dbs.other.db.updateTable('unit_services').set({ prefix: 'Z' }).where('unit_id', '=', unit.id).where('prefix', '=', 'A').execute();
			expect((await issue()).number).toBe('Z002');
			expect(await codeOf(issue())).toBe('rate_limited');
		});

		it("gives each newcomer the place the ordering policy gives it, priority ahead of earlier walk-ins", async () => {
			const unit = await givenUnit(dbs.one.db, { services: [{ code: 'iptu', prefix: 'A' }] });
			const device = kiosk(unit.id);
			const issue = (extra: Record<string, unknown> = {}) => {
				t.clock.now = new Date(t.clock.now.getTime() + 1000);
				return issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu, ...extra }, ORIGIN);
			};
			const places = [];
			for (let i = 0; i < 4; i++) places.push((await issue()).position);
			places.push((await issue({ priority: 'gestante' })).position);
			places.push((await issue()).position);
			places.push((await issue({ priority: 'gestante' })).position);
			expect(places).toEqual([0, 1, 2, 3, 0, 5, 1]);
		});
	});
}
