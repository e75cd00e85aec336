import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { engines, secondProcess, testDeps } from '../engines';
import { givenUnit, givenUser, kiosk, priorityGroup } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { callNext } from '../../../src/lib/queue/call-ticket.server';
import { finishTicket } from '../../../src/lib/queue/ticket-actions.server';
import { claimForCall } from '../../../src/lib/queue/line-store.server';

const ORIGIN = 'http://vez.test';

for (const engine of engines()) {
	describe(`claiming a call on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		beforeAll(async () => {
			handle = await engine.open();
			await priorityGroup(handle.db, 'idoso', 20);
		});
		afterAll(() => handle.close());

		it('takes the first pick, in the order given, that still waits: not the first in the table', async () => {
			const t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			const unit = await givenUnit(handle.db, { counters: 2 });
			const device = kiosk(unit.id);
			const issued = [];
			for (let i = 0; i < 4; i++) {
				t.clock.now = new Date(t.clock.now.getTime() + 1000);
				issued.push(await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN));
			}
			const claim = { unitId: unit.id, clerkId: null, actor: 'test', at: t.clock.now };
			const first = await claimForCall(handle.db, [{ ticketId: issued[0].id, reason: 'fifo' }], { ...claim, counterId: unit.counters[0].id });
			expect(first?.id).toBe(issued[0].id);
			// The first pick is taken: the next in the picks' order (not the table's) is, with its own reason.
			const next = await claimForCall(
				handle.db,
				[
					{ ticketId: issued[0].id, reason: 'fifo' },
					{ ticketId: issued[3].id, reason: 'priority' },
					{ ticketId: issued[1].id, reason: 'fifo' }
				],
				{ ...claim, counterId: unit.counters[1].id }
			);
			expect(next).toMatchObject({ id: issued[3].id, status: 'called', counterId: unit.counters[1].id, reason: 'priority' });
			const history = await handle.db.selectFrom('ticket_events').select('details').where('ticket_id', '=', issued[3].id).where('action', '=', 'call').execute();
			expect(history.map((h) => (typeof h.details === 'string' ? JSON.parse(h.details) : h.details))).toEqual([{ reason: 'priority' }]);
			// Nothing left among the picks: none claimed, nothing changed.
			expect(await claimForCall(handle.db, [{ ticketId: issued[3].id, reason: 'fifo' }], { ...claim, counterId: unit.counters[0].id })).toBeUndefined();
			expect(await claimForCall(handle.db, [], { ...claim, counterId: unit.counters[0].id })).toBeUndefined();
		});

		it('two server processes draining one queue at once call every ticket exactly once', async () => {
			const other = secondProcess(handle);
			try {
				const clock = { now: new Date('2026-03-10T13:00:00Z') };
				const apps = [testDeps(handle, clock), testDeps(other, clock)];
				const unit = await givenUnit(handle.db, {
					counters: 8,
					services: [
						{ code: 'iptu', prefix: 'A' },
						{ code: 'alvara', prefix: 'B' }
					],
					settings: { issueOutsideHours: true, kioskIssuesPerMinute: 600 }
				});
				const codes = Object.values(unit.services);
				const device = kiosk(unit.id);
				const issued = [];
				for (let i = 0; i < 120; i++) issued.push(await issueTicket(apps[i % 2].deps, device, unit.slug, { service: codes[i % 2], ...(i % 5 === 0 ? { priority: 'idoso' } : {}) }, ORIGIN));
				const clerks = await Promise.all(unit.counters.map(() => givenUser(handle.db, 'clerk', [unit.id])));
				// Half the counters on each process; each serves both services, so every counter competes for every ticket.
				await Promise.all(unit.counters.map((c, i) => openCounter(apps[i % 2].deps, clerks[i], c.id, { services: codes })));
				const calledBy = new Map<string, number>();
				await Promise.all(
					unit.counters.map(async (c, i) => {
						const { deps } = apps[i % 2];
						for (;;) {
							const ticket = await callNext(deps, clerks[i], c.id);
							if (!ticket) return;
							calledBy.set(ticket.id, (calledBy.get(ticket.id) ?? 0) + 1);
							await finishTicket(deps, clerks[i], ticket.id, { outcome: 'resolved' });
						}
					})
				);
				expect(calledBy.size).toBe(120);
				expect([...calledBy.values()].every((n) => n === 1)).toBe(true);
				const calls = await handle.db.selectFrom('ticket_events').select('ticket_id').where('unit_id', '=', unit.id).where('action', '=', 'call').execute();
				expect(calls).toHaveLength(120);
			} finally {
				await other.close();
			}
		}, 120_000);
	});
}

const postgres = engines().find((e) => e.name === 'postgres');
if (postgres) {
	describe('claiming a call while a rival holds the first pick, on postgres', () => {
		let handle: DatabaseHandle;
		beforeAll(async () => {
			handle = await postgres.open();
		});
		afterAll(() => handle.close());

		it('skips a pick a rival transaction holds without waiting for it, and takes it once the rival lets go', async () => {
			const t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			const unit = await givenUnit(handle.db, { counters: 2 });
			const device = kiosk(unit.id);
			const issued = [];
			for (let i = 0; i < 2; i++) issued.push(await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN));
			const { connectionString } = (handle.pool as unknown as { options: { connectionString: string } }).options;
			const rival = new pg.Client({ connectionString });
			await rival.connect();
			try {
				await rival.query('BEGIN');
				await rival.query('SELECT id FROM tickets WHERE id = $1 FOR UPDATE', [issued[0].id]);
				const picks = issued.map((i) => ({ ticketId: i.id, reason: 'fifo' as const }));
				const claim = { unitId: unit.id, clerkId: null, actor: 'test', at: t.clock.now, counterId: unit.counters[0].id };
				// Were the held row waited for, this would block until the rival's rollback below, which never comes first.
				expect((await claimForCall(handle.db, picks, claim))?.id).toBe(issued[1].id);
				await rival.query('ROLLBACK');
				expect((await claimForCall(handle.db, picks, { ...claim, counterId: unit.counters[1].id }))?.id).toBe(issued[0].id);
			} finally {
				await rival.end();
			}
		});
	});
}
