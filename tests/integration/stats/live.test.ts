import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import type { Actor } from '../../../src/lib/auth/actor';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { openCounter, pauseCounter } from '../../../src/lib/queue/counter-status.server';
import { callNext } from '../../../src/lib/queue/call-ticket.server';
import { finishTicket, markNoShow, startTicket } from '../../../src/lib/queue/ticket-actions.server';
import { liveOverview } from '../../../src/lib/stats/live.server';
import { manageScreen } from '../../../src/lib/stats/manage-screen.server';


const ORIGIN = 'http://vez.test';

for (const engine of engines()) {
	describe(`live overview on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let other: GivenUnit;
		let manager: Actor;
		let clerk: Actor;
		let clerk2: Actor;
		const at = (iso: string) => (t.clock.now = new Date(iso));

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-02T12:00:00Z') });
			unit = await givenUnit(handle.db, { counters: 3 });
			other = await givenUnit(handle.db);
			// The Carta promises 20 minutes for the second service.
			await handle.db.updateTable('services').set({ expected_wait_minutes: 20 }).where('code', '=', unit.services.alvara).execute();
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			clerk2 = await givenUser(handle.db, 'clerk', [unit.id]);
			const device = kiosk(unit.id);
			const issue = (service: 'iptu' | 'alvara') => issueTicket(t.deps, device, unit.slug, { service: unit.services[service] }, ORIGIN);
			const [c1, c2] = unit.counters;

			// Yesterday evening in São Paulo (23:30 local is 02:30 UTC today): called and served, not today's.
			at('2026-03-02T02:00:00Z');
			const late = await issue('iptu');
			await openCounter(t.deps, clerk, c1.id, { services: [unit.services.iptu] });
			at('2026-03-02T02:30:00Z');
			expect((await callNext(t.deps, clerk, c1.id))?.number).toBe(late.number);
			await finishTicket(t.deps, clerk, late.id, { outcome: 'resolved' });

			// Today, 09:00 local: three visitors.
			at('2026-03-02T12:00:00Z');
			const a1 = await issue('iptu');
			at('2026-03-02T12:00:01Z');
			const a2 = await issue('iptu');
			at('2026-03-02T12:00:02Z');
			await issue('alvara');
			at('2026-03-02T12:10:00Z');
			expect((await callNext(t.deps, clerk, c1.id))?.id).toBe(a1.id); // waited 600 s
			await startTicket(t.deps, clerk, a1.id);
			at('2026-03-02T12:15:00Z');
			await finishTicket(t.deps, clerk, a1.id, { outcome: 'resolved' });
			at('2026-03-02T12:20:01Z');
			expect((await callNext(t.deps, clerk, c1.id))?.id).toBe(a2.id); // waited 1200 s
			at('2026-03-02T12:22:00Z');
			await markNoShow(t.deps, clerk, a2.id);
			// A second clerk opens for the other service and pauses at once.
			await openCounter(t.deps, clerk2, c2.id, { services: [unit.services.alvara] });
			await pauseCounter(t.deps, clerk2, c2.id, { reason: 'Almoço' });
			at('2026-03-02T12:30:02Z');
		});
		afterAll(() => handle.close());

		it('gives a manager their unit: queues against the Carta target, counters and today’s figures', async () => {
			const overview = await liveOverview(t.deps, manager);
			expect(overview.units.map((u) => u.unit.slug)).toEqual([unit.slug]);
			const [live] = overview.units;

			const alvara = live.services.find((s) => s.code === unit.services.alvara)!;
			expect(alvara).toMatchObject({ waiting: 1, longestWaitSeconds: 1800, targetWaitMinutes: 20, overTarget: true, overBySeconds: 600, openCounters: 0 });
			const iptu = live.services.find((s) => s.code === unit.services.iptu)!;
			expect(iptu).toMatchObject({ waiting: 0, overTarget: false, openCounters: 1 });
			expect(live.alerts).toEqual([unit.services.alvara]);
			expect(live.waiting).toBe(1);

			expect(live.tally).toEqual({ open: 1, paused: 1, closed: 1 });
			expect(live.counters[0]).toMatchObject({ number: 1, status: 'open', ticket: null });
			expect(live.counters[0].clerk).toMatch(/^Pessoa /);
			expect(live.counters[1]).toMatchObject({ number: 2, status: 'paused', pauseReason: 'Almoço' });

			// Today in São Paulo: 3 issued, 1 served, 1 no-show; mean wait (600 + 1200) / 2.
			expect(live.today).toEqual({ day: '2026-03-02', issued: 3, served: 1, noShows: 1, called: 2, averageWaitSeconds: 900 });
		});

		it('shows the ticket at a counter while it is being served', async () => {
			const device = kiosk(unit.id);
			const ticket = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN);
			await callNext(t.deps, clerk, unit.counters[0].id);
			await startTicket(t.deps, clerk, ticket.id);
			const [live] = (await liveOverview(t.deps, manager)).units;
			expect(live.counters[0].ticket).toEqual({ number: ticket.number, status: 'serving' });
			expect(live.today.called).toBe(3);
			await finishTicket(t.deps, clerk, ticket.id, { outcome: 'referred' });
			expect((await liveOverview(t.deps, manager)).units[0].today.served).toBe(2);
		});

		it('gives an admin every unit', async () => {
			const admin = await givenUser(handle.db, 'admin');
			const slugs = (await liveOverview(t.deps, admin)).units.map((u) => u.unit.slug);
			expect(slugs).toEqual(expect.arrayContaining([unit.slug, other.slug]));
		});

		it('refuses roles without statistics: clerk, agent, organ staff; and asks nobody to sign in', async () => {
			expect(await codeOf(liveOverview(t.deps, clerk))).toBe('forbidden');
			expect(await codeOf(liveOverview(t.deps, await givenUser(handle.db, 'agent')))).toBe('forbidden');
			expect(await codeOf(liveOverview(t.deps, await givenUser(handle.db, 'organ_staff')))).toBe('forbidden');
			expect(await codeOf(liveOverview(t.deps, { kind: 'anonymous' }))).toBe('unauthenticated');
			expect(await codeOf(liveOverview(t.deps, kiosk(unit.id)))).toBe('unauthenticated');
		});

		it('puts today’s appointments of the same units on the managers’ screen, refused like the overview', async () => {
			const screen = await manageScreen(t.deps, manager);
			expect(screen.overview.units.map((u) => u.unit.slug)).toEqual([unit.slug]);
			expect(Object.keys(screen.appointments)).toEqual([unit.slug]);
			expect(await codeOf(manageScreen(t.deps, clerk))).toBe('forbidden');
		});

		it('gives a manager of no unit an empty view, not an error', async () => {
			const lonely = await givenUser(handle.db, 'manager');
			expect((await liveOverview(t.deps, lonely)).units).toEqual([]);
		});
	});
}
