// Issue 17's figures in the manager's report: remote tickets (arrived, expired), visitors who asked
// to be told of their turn against the others (no-show rates), and the visitor messages that gave
// up — from the tickets of open days and from the summaries of closed ones alike, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { givenUnit, givenUser, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { generateDay, seededRandom } from '../../../src/lib/demo/history';
import { historyUnits, insertHistory } from '../../../src/lib/demo/history.server';
import { summariseClosedDays } from '../../../src/lib/stats/summarise-closed-days.server';
import { statsReport } from '../../../src/lib/stats/reports.server';
import { exportReport } from '../../../src/lib/stats/report-export.server';
import { listFailedMessages } from '../../../src/lib/notify/failed-messages.server';

const DAY = '2026-03-03'; // a Tuesday
const HOURS = { tue: [['08:00', '17:00']] as [string, string][] };

for (const engine of engines()) {
	describe(`visitor reach in reports on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let manager: Actor;
		/** The figures, counted here from the rows written, not by the SQL under test. */
		let want: { remote: number; arrived: number; expired: number; notified: { tickets: number; served: number; noShow: number }; others: { tickets: number; served: number; noShow: number }; failed: number };

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-04T15:00:00Z') });
			unit = await givenUnit(handle.db, { counters: 3, hours: HOURS });
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			await givenUser(handle.db, 'clerk', [unit.id]);
			const [history] = await historyUnits(handle.db, [unit.slug]);
			await insertHistory(handle.db, generateDay(history, DAY, seededRandom(11), { load: 1.1 }), t.clock.now);
			const rows = await handle.db.selectFrom('tickets').select(['id', 'status', 'queued_at']).where('unit_id', '=', unit.id).orderBy('issued_at').execute();

			// Every fifth ticket was taken remotely and its visitor arrived; half the no-shows were remote
			// tickets whose visitor never came, and expired instead.
			const noShows = rows.filter((r) => r.status === 'no_show');
			const expired = noShows.filter((_, i) => i % 2 === 0);
			const remote = [...rows.filter((r, i) => i % 5 === 0 && r.status !== 'no_show'), ...expired];
			for (const r of remote) {
				const gone = r.status === 'no_show';
				await handle.db
					.updateTable('tickets')
					.set({ channel: 'remote', arrived_at: gone ? null : r.queued_at, ...(gone ? { status: 'expired', called_at: null, counter_id: null, clerk_id: null } : {}) })
					.where('id', '=', r.id)
					.execute();
			}
			// Every third ticket's visitor asked for messages, and so did the other no-shows'; two of those
			// messages gave up, one quoting the number.
			const watched = rows.filter((r, i) => (i % 3 === 1 && !expired.includes(r)) || (r.status === 'no_show' && !expired.includes(r)));
			const watches = await handle.db
				.insertInto('ticket_watches')
				.values(watched.map((r) => ({ ticket_id: r.id, unit_id: unit.id, channel: 'sms' as const, phone: null, ahead: 3, lang: 'pt-BR', source: 'kiosk' as const, consent_text: 'Autorizo', consent_at: r.queued_at })))
				.returning(['id', 'ticket_id'])
				.execute();
			const message = (i: number, status: 'failed' | 'sent', error: string | null) => ({
				watch_id: watches[i].id,
				ticket_id: watches[i].ticket_id,
				unit_id: unit.id,
				kind: 'called' as const,
				channel: 'sms',
				dedupe_key: `test:${i}:${status}`,
				message: JSON.stringify({ kind: 'called', lang: 'pt-BR', number: 'A001', counter: 'Guichê 1', unit: 'x' }),
				status,
				attempts: 4,
				next_attempt_at: t.clock.now,
				last_error: error,
				provider: 'zenvia'
			});
			await handle.db
				.insertInto('visitor_messages')
				.values([message(0, 'failed', 'HTTP 400: invalid destination +5548999990001'), message(1, 'failed', 'HTTP 400'), message(2, 'sent', null)])
				.execute();

			const after = await handle.db.selectFrom('tickets').select(['id', 'status', 'channel', 'arrived_at']).where('unit_id', '=', unit.id).execute();
			const notified = new Set(watched.map((r) => r.id));
			const count = (list: typeof after) => ({ tickets: list.length, served: list.filter((r) => r.status === 'done').length, noShow: list.filter((r) => r.status === 'no_show').length });
			want = {
				remote: remote.length,
				arrived: after.filter((r) => r.channel === 'remote' && r.arrived_at).length,
				expired: expired.length,
				notified: count(after.filter((r) => notified.has(r.id))),
				others: count(after.filter((r) => !notified.has(r.id))),
				failed: 2
			};
		});
		afterAll(() => handle?.close());

		const reachOf = async (q: Record<string, unknown> = {}) => (await statsReport(t.deps, manager, { from: DAY, to: DAY, ...q })).reach;

		it('counts remote tickets, notified visitors and their no-shows, and the messages that gave up', async () => {
			expect(want.expired).toBeGreaterThan(0);
			expect(want.notified.noShow).toBeGreaterThan(0);
			expect(want.others.served).toBeGreaterThan(0);
			const reach = await reachOf();
			expect(reach).toEqual({
				remote: { taken: want.remote, arrived: want.arrived, expired: want.expired },
				notified: { ...want.notified, noShowRate: want.notified.noShow / (want.notified.served + want.notified.noShow) },
				notNotified: { ...want.others, noShowRate: want.others.noShow / (want.others.served + want.others.noShow) },
				failedMessages: 2
			});
			// The CSV export gives the same figures as the screen's tables.
			const remoteCsv = await exportReport(t.deps, manager, 'pt-BR', 'reachRemote', { from: DAY, to: DAY });
			expect(remoteCsv.body.trim().split('\n').at(-1)).toBe(`${reach.remote.taken},${reach.remote.arrived},${reach.remote.expired}`);
			const noShowCsv = (await exportReport(t.deps, manager, 'en', 'reachNoShows', { from: DAY, to: DAY })).body.trim().split('\n');
			expect(noShowCsv).toHaveLength(3);
			expect(noShowCsv[1].startsWith(`Notified,${want.notified.tickets},${want.notified.served},${want.notified.noShow},`)).toBe(true);
			// The report's filters narrow them like every other figure.
			const remoteOnly = await reachOf({ channels: ['remote'] });
			expect(remoteOnly.remote).toEqual(reach.remote);
			expect(remoteOnly.notified.tickets + remoteOnly.notNotified.tickets).toBe(want.remote);
			expect((await reachOf({ channels: ['counter'] })).remote).toEqual({ taken: 0, arrived: 0, expired: 0 });
			expect((await reachOf({ from: '2026-03-02', to: '2026-03-02' })).failedMessages).toBe(0);
		});

		it('reads the same figures from the summaries once the day is closed', async () => {
			const queries = [{}, { channels: ['remote'] }, { channels: ['kiosk', 'counter'] }, { priorities: ['normal'] }];
			const before = [];
			for (const q of queries) before.push(await reachOf(q));
			const written = t.clock.now;
			t.clock.now = new Date('2026-03-10T15:00:00Z');
			try {
				expect(await summariseClosedDays(t.deps)).toBeGreaterThan(0);
				for (const [i, q] of queries.entries()) expect(await reachOf(q), JSON.stringify(q)).toEqual(before[i]);
			} finally {
				t.clock.now = written;
			}
		});

		it('lists the failed messages to the unit’s manager with no phone number, past visits not retryable', async () => {
			const list = await listFailedMessages(t.deps, manager);
			expect(list).toHaveLength(2);
			expect(list.map((m) => m.lastError)).toEqual(expect.arrayContaining(['HTTP 400: invalid destination •••', 'HTTP 400']));
			expect(JSON.stringify(list)).not.toContain('99999');
			expect(list.every((m) => !m.retryable)).toBe(true);
			expect(await listFailedMessages(t.deps, await givenUser(handle.db, 'manager', []))).toEqual([]);
		});
	});
}
