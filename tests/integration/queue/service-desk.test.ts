import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser, kiosk, priorityGroup, type GivenUnit } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { openCounter, pauseCounter, closeCounter } from '../../../src/lib/queue/counter-status.server';
import { callNext, callTicket } from '../../../src/lib/queue/call-ticket.server';
import { cancelTicket, finishTicket, markNoShow, reactivateTicket, recallTicket, startTicket, transferTicket } from '../../../src/lib/queue/ticket-actions.server';
import { lastCalls, publicTicket, unitQueue, unitServices } from '../../../src/lib/queue/queue-views.server';
import { expireTickets } from '../../../src/lib/queue/expire-tickets.server';


const ORIGIN = 'http://vez.test';

for (const engine of engines()) {
	describe(`service desk on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		const at = (iso: string) => (t.clock.now = new Date(iso));

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			await priorityGroup(handle.db, 'idoso', 20);
			await priorityGroup(handle.db, 'idoso-80', 30);
		});
		afterAll(() => handle.close());

		async function setup(opts: Parameters<typeof givenUnit>[1] = {}) {
			const unit = await givenUnit(handle.db, opts);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const device = kiosk(unit.id);
			const issue = (service: string, extra: Record<string, unknown> = {}) => {
				// Visitors arrive one after another: a second apart keeps arrival order unambiguous.
				t.clock.now = new Date(t.clock.now.getTime() + 1000);
				return issueTicket(t.deps, device, unit.slug, { service: unit.services[service], ...extra }, ORIGIN);
			};
			return { unit, clerk, device, issue };
		}

		it('numbers tickets per service and local day without gaps, and restarts the next day', async () => {
			const { issue } = await setup();
			at('2026-03-10T13:00:00Z');
			const a1 = await issue('iptu');
			const a2 = await issue('iptu');
			const b1 = await issue('alvara');
			expect([a1.number, a2.number, b1.number]).toEqual(['A001', 'A002', 'B001']);
			expect(await codeOf(issue('iptu', { priority: 'nope' }))).toBe('priority_not_found');
			expect((await issue('iptu')).number).toBe('A003');
			// 02:30 UTC on the 11th is still the 10th in São Paulo (UTC−3).
			at('2026-03-11T02:30:00Z');
			expect((await issue('iptu')).number).toBe('A004');
			at('2026-03-11T03:30:00Z');
			expect((await issue('iptu')).number).toBe('A001');
		});

		it('gives a ticket an unguessable public id, its place, an estimate and a tracking link', async () => {
			const { issue } = await setup({ services: [{ code: 'iptu', prefix: 'A', expectedServiceMinutes: 12 }] });
			await issue('iptu');
			const second = await issue('iptu');
			expect(second.publicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
			expect(second.position).toBe(1);
			// One service of about 12 minutes ahead (log-normal: its median is a little under the mean).
			expect(second.estimatedWaitMinutes).toBeGreaterThanOrEqual(8);
			expect(second.estimatedWaitMinutes).toBeLessThanOrEqual(13);
			expect(second.estimatedWait.low).toBeLessThan(second.estimatedWaitMinutes);
			expect(second.estimatedWait.high).toBeGreaterThan(second.estimatedWaitMinutes);
			expect(second.promisedWaitMinutes).toBeGreaterThan(0);
			expect(second.trackUrl).toBe(`${ORIGIN}/t/${second.publicId}`);
			const stored = await handle.db
				.selectFrom('tickets')
				.select(['estimated_wait_minutes', 'estimated_wait_low', 'estimated_wait_high', 'naive_wait_minutes', 'position_at_issue'])
				.where('id', '=', second.id)
				.executeTakeFirstOrThrow();
			// Both figures are kept so reports can measure the forecast against the naive rule.
			expect(stored).toEqual({
				estimated_wait_minutes: second.estimatedWaitMinutes,
				estimated_wait_low: second.estimatedWait.low,
				estimated_wait_high: second.estimatedWait.high,
				naive_wait_minutes: 12,
				position_at_issue: 1
			});
		});

		it('lets a kiosk issue only in its own unit and only services offered there', async () => {
			const { unit } = await setup();
			const other = await givenUnit(handle.db);
			expect(await codeOf(issueTicket(t.deps, kiosk(other.id), unit.slug, { service: unit.services.iptu }, ORIGIN))).toBe('forbidden');
			expect(await codeOf(issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: other.services.iptu }, ORIGIN))).toBe('service_not_offered');
			expect(await codeOf(issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: 42 }, ORIGIN))).toBe('invalid_input');
			expect(await codeOf(issueTicket(t.deps, { kind: 'anonymous' }, unit.slug, { service: unit.services.iptu }, ORIGIN))).toBe('unauthenticated');
		});

		it('refuses tickets when the unit is closed and says when it opens', async () => {
			const { issue } = await setup({ settings: {}, hours: { tue: [['08:00', '17:00']], wed: [['08:00', '17:00']] } });
			at('2026-03-10T21:00:00Z'); // Tuesday 18:00 in São Paulo
			const err = await issue('iptu').catch((e) => e);
			expect(err.code).toBe('unit_closed');
			expect(err.fields.opensAt).toBe('2026-03-11T11:00:00.000Z');
			at('2026-03-11T12:00:00Z');
			expect((await issue('iptu')).number).toBe('A001');
		});

		it('calls priority before an earlier normal ticket, then in arrival order', async () => {
			const { unit, clerk, issue } = await setup();
			at('2026-03-10T13:00:00Z');
			const n1 = await issue('iptu');
			at('2026-03-10T13:01:00Z');
			const n2 = await issue('iptu');
			at('2026-03-10T13:02:00Z');
			const p1 = await issue('iptu', { priority: 'idoso' });
			at('2026-03-10T13:03:00Z');
			const p80 = await issue('iptu', { priority: 'idoso-80' });
			const counter = unit.counters[0].id;
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			const order: string[] = [];
			for (let i = 0; i < 4; i++) {
				const called = await callNext(t.deps, clerk, counter);
				order.push(called!.number);
				expect(await codeOf(callNext(t.deps, clerk, counter))).toBe('counter_busy');
				await finishTicket(t.deps, clerk, called!.id, { outcome: 'resolved' });
			}
			expect(order).toEqual([p80.number, p1.number, n1.number, n2.number]);
			expect(await callNext(t.deps, clerk, counter)).toBeNull();
		});

		it('serves only the services a counter opened with', async () => {
			const { unit, clerk, issue } = await setup();
			await issue('alvara');
			const counter = unit.counters[0].id;
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			expect(await callNext(t.deps, clerk, counter)).toBeNull();
			expect(await codeOf(openCounter(t.deps, clerk, counter, { services: ['not-here'] }))).toBe('service_not_offered');
		});

		it('keeps a clerk out of a counter another clerk holds, and out of other units', async () => {
			const { unit, clerk } = await setup();
			const other = await givenUser(handle.db, 'clerk', [unit.id]);
			const stranger = await givenUser(handle.db, 'clerk', []);
			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu] });
			expect(await codeOf(openCounter(t.deps, other, unit.counters[0].id, { services: [unit.services.iptu] }))).toBe('counter_taken');
			expect(await codeOf(callNext(t.deps, other, unit.counters[0].id))).toBe('counter_taken');
			expect(await codeOf(openCounter(t.deps, stranger, unit.counters[1].id, { services: [unit.services.iptu] }))).toBe('forbidden');
			expect(await codeOf(callNext(t.deps, clerk, 'not-a-uuid'))).toBe('counter_not_found');
		});

		it('walks a ticket through call, recall, start and finish, recording every step', async () => {
			const { unit, clerk, issue } = await setup();
			const ticket = await issue('iptu');
			const counter = unit.counters[0].id;
			expect(await codeOf(finishTicket(t.deps, clerk, ticket.id, { outcome: 'resolved' }))).toBe('invalid_transition');
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			t.events.length = 0;
			const called = await callNext(t.deps, clerk, counter);
			expect(called).toMatchObject({ number: 'A001', status: 'called', counter: { number: 1, name: 'Guichê 1' } });
			const panel = t.events.find((e) => e.room === `panel:${unit.slug}` && e.event === 'call');
			expect(panel?.payload).toEqual({ number: 'A001', counter: 1, counterName: 'Guichê 1', service: 'Serviço iptu', calledAt: expect.any(String), recall: false });
			expect(t.events.some((e) => e.room === `ticket:${ticket.publicId}` && e.event === 'call')).toBe(true);
			const recalled = await recallTicket(t.deps, clerk, ticket.id);
			expect(recalled.recalls).toBe(1);
			await startTicket(t.deps, clerk, ticket.id);
			expect(await codeOf(finishTicket(t.deps, clerk, ticket.id, { outcome: 'maybe' }))).toBe('invalid_input');
			const done = await finishTicket(t.deps, clerk, ticket.id, { outcome: 'resolved', note: 'Segunda via emitida' });
			expect(done.status).toBe('done');
			expect(await codeOf(recallTicket(t.deps, clerk, ticket.id))).toBe('invalid_transition');
			const history = await handle.db.selectFrom('ticket_events').select(['action', 'to_status', 'counter_id']).where('ticket_id', '=', ticket.id).orderBy('id').execute();
			expect(history.map((h) => h.action)).toEqual(['issue', 'call', 'recall', 'start', 'finish']);
			expect(history.slice(1).every((h) => h.counter_id === counter)).toBe(true);
			const calls = await lastCalls(t.deps, unit.slug, { limit: '5' });
			expect(calls.map((c) => [c.number, c.recall])).toEqual([['A001', true], ['A001', false]]);
			const view = await publicTicket(t.deps, ticket.publicId);
			expect(view).toMatchObject({ number: 'A001', status: 'done' });
			expect(JSON.stringify(view)).not.toContain(clerk.name);
		});

		it('marks no-shows and cancellations and refuses to call them again', async () => {
			const { unit, clerk, issue } = await setup();
			const a = await issue('iptu');
			const b = await issue('iptu');
			const counter = unit.counters[0].id;
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			await callNext(t.deps, clerk, counter);
			expect((await markNoShow(t.deps, clerk, a.id)).status).toBe('no_show');
			expect((await cancelTicket(t.deps, clerk, b.id)).status).toBe('cancelled');
			expect(await codeOf(callTicket(t.deps, clerk, counter, { ticket: b.id }))).toBe('invalid_transition');
			expect(await callNext(t.deps, clerk, counter)).toBeNull();
		});

		it('reactivates a no-show the same day at the end of its queue, audited, and never a finished or old ticket', async () => {
			const { unit, clerk, issue } = await setup();
			at('2026-03-10T13:00:00Z');
			const missed = await issue('iptu');
			const next = await issue('iptu');
			const counter = unit.counters[0].id;
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			expect((await callNext(t.deps, clerk, counter))?.number).toBe(missed.number);
			await markNoShow(t.deps, clerk, missed.id);
			at('2026-03-10T13:20:00Z');
			const later = await issue('iptu');
			at('2026-03-10T13:25:00Z');
			const back = await reactivateTicket(t.deps, clerk, missed.id);
			expect(back).toMatchObject({ number: missed.number, status: 'waiting' });
			// Those who waited meanwhile keep their turn; the returning visitor goes last.
			const order: string[] = [];
			for (const _ of [1, 2, 3]) {
				const called = await callNext(t.deps, clerk, counter);
				order.push(called!.number);
				await finishTicket(t.deps, clerk, called!.id, { outcome: 'resolved' });
			}
			expect(order).toEqual([next.number, later.number, missed.number]);
			expect(await codeOf(reactivateTicket(t.deps, clerk, missed.id))).toBe('invalid_transition');
			const audit = await handle.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', missed.id).execute();
			expect(audit.map((a) => a.action)).toEqual(['ticket.reactivate']);

			const cancelled = await issue('iptu');
			await cancelTicket(t.deps, clerk, cancelled.id);
			at('2026-03-11T13:00:00Z');
			expect(await codeOf(reactivateTicket(t.deps, clerk, cancelled.id))).toBe('invalid_transition');
			expect((await handle.db.selectFrom('tickets').select('status').where('id', '=', cancelled.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
		});

		it('transfers the same number to another service, keeping its arrival unless sent to the end', async () => {
			const { unit, clerk, issue } = await setup();
			at('2026-03-10T13:00:00Z');
			const first = await issue('iptu');
			at('2026-03-10T13:05:00Z');
			const laterB = await issue('alvara');
			const [c1, c2] = unit.counters.map((c) => c.id);
			await openCounter(t.deps, clerk, c1, { services: [unit.services.iptu] });
			await callNext(t.deps, clerk, c1);
			at('2026-03-10T13:10:00Z');
			const moved = await transferTicket(t.deps, clerk, first.id, { service: unit.services.alvara });
			expect(moved).toMatchObject({ number: 'A001', status: 'waiting', service: unit.services.alvara });
			const other = await givenUser(handle.db, 'clerk', [unit.id]);
			await openCounter(t.deps, other, c2, { services: [unit.services.alvara] });
			expect((await callNext(t.deps, other, c2))?.number).toBe('A001');
			await transferTicket(t.deps, other, first.id, { service: unit.services.alvara, toEnd: true });
			expect((await callNext(t.deps, other, c2))?.number).toBe(laterB.number);
			const queue = await unitQueue(t.deps, clerk, unit.slug);
			expect(queue.services.find((s) => s.code === unit.services.alvara)?.tickets.map((x) => x.number)).toEqual(['A001']);
		});

		it('stops calls while paused and refuses to close with a ticket at the desk', async () => {
			const { unit, clerk, issue } = await setup();
			await issue('iptu');
			await issue('iptu');
			const counter = unit.counters[0].id;
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			const called = await callNext(t.deps, clerk, counter);
			expect(await codeOf(closeCounter(t.deps, clerk, counter))).toBe('counter_busy');
			await finishTicket(t.deps, clerk, called!.id, { outcome: 'resolved' });
			expect(await codeOf(pauseCounter(t.deps, clerk, counter, {}))).toBe('invalid_input');
			await pauseCounter(t.deps, clerk, counter, { reason: 'Almoço' });
			expect(await codeOf(callNext(t.deps, clerk, counter))).toBe('counter_closed');
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			expect(await callNext(t.deps, clerk, counter)).not.toBeNull();
		});

		it('reports waiting counts and estimates per service, shrinking as counters open', async () => {
			const { unit, clerk, issue } = await setup({ services: [{ code: 'iptu', prefix: 'A', expectedServiceMinutes: 10 }] });
			for (let i = 0; i < 4; i++) await issue('iptu');
			const before = await unitServices(t.deps, unit.slug);
			expect(before[0]).toMatchObject({ waiting: 4, prefix: 'A' });
			// No counter open: one is assumed to open, taking four services of about 10 minutes.
			expect(before[0].estimatedWaitMinutes).toBeGreaterThanOrEqual(30);
			expect(before[0].estimatedWaitMinutes).toBeLessThanOrEqual(45);
			expect(before[0].estimatedWait!.low).toBeLessThanOrEqual(before[0].estimatedWaitMinutes!);
			expect(before[0].estimatedWait!.high).toBeGreaterThanOrEqual(before[0].estimatedWaitMinutes!);
			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu] });
			const other = await givenUser(handle.db, 'clerk', [unit.id]);
			await openCounter(t.deps, other, unit.counters[1].id, { services: [unit.services.iptu] });
			const after = await unitServices(t.deps, unit.slug);
			expect(after[0].estimatedWaitMinutes).toBeLessThan(before[0].estimatedWaitMinutes! * 0.65);
			expect(after[0].estimatedWait!.high).toBeLessThan(before[0].estimatedWait!.high);
		});
	});
}

const postgres = engines().find((e) => e.name === 'postgres');
// Concurrency guarantees only mean something on PostgreSQL: PGlite runs one transaction at a time.
if (postgres) {
	describe('service desk under concurrency on postgres', () => {
		let handle: DatabaseHandle;
		let unit: GivenUnit;
		beforeAll(async () => {
			handle = await postgres.open();
			await priorityGroup(handle.db, 'idoso', 20);
			// A burst well beyond a kiosk's default ceiling per minute: the unit raised it (admin unit form).
			unit = await givenUnit(handle.db, { counters: 4, services: [{ code: 'iptu', prefix: 'A' }], settings: { issueOutsideHours: true, kioskIssuesPerMinute: 600 } });
		});
		afterAll(() => handle.close());

		it('gives 40 tickets issued at once 40 distinct, gap-free numbers', async () => {
			const { deps } = testDeps(handle);
			const device = kiosk(unit.id);
			const issued = await Promise.all(Array.from({ length: 40 }, () => issueTicket(deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN)));
			const numbers = issued.map((i) => i.number).sort();
			expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
		});

		it('tells each of 30 visitors issuing at the same instant their own place: the issues the number waited for are counted', async () => {
			// One instant for all: the place of the ticket numbered k is then exactly the k − 1 issued before it.
			const { deps } = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			const busy = await givenUnit(handle.db, { services: [{ code: 'iptu', prefix: 'A' }], settings: { issueOutsideHours: true, kioskIssuesPerMinute: 600 } });
			const issued = await Promise.all(Array.from({ length: 30 }, () => issueTicket(deps, kiosk(busy.id), busy.slug, { service: busy.services.iptu }, ORIGIN)));
			const places = issued.map((i) => [i.number, i.position]).sort(([a], [b]) => String(a).localeCompare(String(b)));
			expect(places).toEqual(Array.from({ length: 30 }, (_, i) => [`A${String(i + 1).padStart(3, '0')}`, i]));
		});

		it("refuses a kiosk over its ceiling without waiting for the number another visitor's issue holds", async () => {
			const { deps } = testDeps(handle);
			const limited = await givenUnit(handle.db, { services: [{ code: 'iptu', prefix: 'A' }], settings: { issueOutsideHours: true, kioskIssuesPerMinute: 1 } });
			const issue = (device: ReturnType<typeof kiosk>) => issueTicket(deps, device, limited.slug, { service: limited.services.iptu }, ORIGIN);
			const flooding = kiosk(limited.id);
			expect((await issue(flooding)).number).toBe('A001');
			// Another visitor's issue of the service, not yet committed, holds its number row.
			const rival = await handle.pool!.connect();
			try {
				await rival.query('BEGIN');
				await rival.query('SELECT last_number FROM ticket_sequences WHERE unit_id = $1 FOR UPDATE', [limited.id]);
				// Were the number row waited for, this would block until the rival's rollback below, which never comes first.
				expect(await codeOf(issue(flooding))).toBe('rate_limited');
				await rival.query('ROLLBACK');
			} finally {
				rival.release();
			}
			// The refused issue took no number.
			expect((await issue(kiosk(limited.id))).number).toBe('A002');
		});

		it('drains 1,000 tickets across 3 services with 20 counters at once: each called exactly once, no counter holding two', async () => {
			const { deps } = testDeps(handle);
			const big = await givenUnit(handle.db, {
				settings: { issueOutsideHours: true, kioskIssuesPerMinute: 600 },
				counters: 20,
				services: [
					{ code: 'iptu', prefix: 'A' },
					{ code: 'alvara', prefix: 'B' },
					{ code: 'social', prefix: 'C' }
				]
			});
			const codes = Object.values(big.services);
			// Twenty kiosks, each within the unit's ceiling of issues per minute.
			const devices = Array.from({ length: 20 }, () => kiosk(big.id));
			const issued = [];
			for (let batch = 0; batch < 50; batch++) {
				issued.push(
					...(await Promise.all(
						Array.from({ length: 20 }, (_, i) =>
							issueTicket(deps, devices[i], big.slug, { service: codes[(batch * 20 + i) % 3], ...(i % 7 === 0 ? { priority: 'idoso' } : {}) }, ORIGIN)
						)
					))
				);
			}
			for (const [prefix, code] of [['A', codes[0]], ['B', codes[1]], ['C', codes[2]]]) {
				const numbers = issued.filter((t) => t.service === code).map((t) => Number(t.number.slice(1))).sort((a, b) => a - b);
				expect(numbers, prefix).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
			}

			const clerks = await Promise.all(big.counters.map(() => givenUser(handle.db, 'clerk', [big.id])));
			// Each counter serves two of the three services, so their queues overlap.
			await Promise.all(big.counters.map((c, i) => openCounter(deps, clerks[i], c.id, { services: [codes[i % 3], codes[(i + 1) % 3]] })));
			const calledBy = new Map<string, number>();
			let maxActive = 0;
			await Promise.all(
				big.counters.map(async (c, i) => {
					for (;;) {
						const ticket = await callNext(deps, clerks[i], c.id);
						if (!ticket) return;
						calledBy.set(ticket.id, (calledBy.get(ticket.id) ?? 0) + 1);
						const active = await handle.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('counter_id', '=', c.id).where('status', 'in', ['called', 'serving']).executeTakeFirstOrThrow();
						maxActive = Math.max(maxActive, Number(active.n));
						await finishTicket(deps, clerks[i], ticket.id, { outcome: 'resolved' });
					}
				})
			);
			expect(calledBy.size).toBe(1000);
			expect([...calledBy.values()].every((n) => n === 1)).toBe(true);
			expect(maxActive).toBe(1);
			const left = await handle.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', big.id).where('status', '!=', 'done').executeTakeFirstOrThrow();
			expect(Number(left.n)).toBe(0);
		}, 600_000); // generous: on a loaded 2-core machine the drain alone took over 3 min; the assertions are about exactly-once, not speed
	});
}

for (const engine of engines()) {
	describe(`end of day on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		beforeAll(async () => (handle = await engine.open()));
		afterAll(() => handle.close());

		it('expires tickets still waiting after closing, leaves served ones, and numbers restart clean', async () => {
			const t = testDeps(handle, { now: new Date('2026-03-10T19:00:00Z') }); // 16:00 in São Paulo
			const unit = await givenUnit(handle.db, { settings: { issueOutsideHours: true }, hours: { tue: [['08:00', '17:00']] } });
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const device = kiosk(unit.id);
			const a = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN);
			t.clock.now = new Date('2026-03-10T19:01:00Z');
			const b = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN);
			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu] });
			await callNext(t.deps, clerk, unit.counters[0].id);
			expect(await expireTickets(t.deps)).toBe(0);
			t.clock.now = new Date('2026-03-10T20:30:00Z'); // 17:30, after closing
			expect(await expireTickets(t.deps)).toBe(1);
			expect((await publicTicket(t.deps, b.publicId)).status).toBe('expired');
			expect((await publicTicket(t.deps, a.publicId)).status).toBe('called');
			expect(await expireTickets(t.deps)).toBe(0);
			const history = await handle.db.selectFrom('ticket_events').select(['action', 'actor']).where('ticket_id', '=', b.id).orderBy('id').execute();
			expect(history.at(-1)).toEqual({ action: 'expire', actor: 'system:end-of-day' });
		});
	});
}
