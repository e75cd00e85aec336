import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { givenUnit, givenUser, kiosk, priorityGroup } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { closeCounter, openCounter, pauseCounter } from '../../../src/lib/queue/counter-status.server';
import { callNext } from '../../../src/lib/queue/call-ticket.server';
import { finishTicket } from '../../../src/lib/queue/ticket-actions.server';
import { forecastFacts, refreshUnitProfiles } from '../../../src/lib/queue/estimate-inputs.server';
import { unitBySlug } from '../../../src/lib/units/store.server';

const ORIGIN = 'http://vez.test';

for (const engine of engines()) {
	describe(`the forecast's inputs on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		const at = (iso: string) => (t.clock.now = new Date(iso));

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
		});
		afterAll(() => handle.close());

		it("counts a clerk's hand-over to a waiting ticket in today's pace, never the time the counter sat idle", async () => {
			const unit = await givenUnit(handle.db, { services: [{ code: 'iptu', prefix: 'A', expectedServiceMinutes: 10 }], counters: 1 });
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const counter = unit.counters[0].id;
			const issue = () => issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN);
			const serve = async (called: string, finished: string) => {
				at(called);
				const ticket = await callNext(t.deps, clerk, counter);
				at(finished);
				await finishTicket(t.deps, clerk, ticket!.id, { outcome: 'resolved' });
				return ticket!.number;
			};

			at('2026-03-10T13:00:00Z');
			await issue();
			at('2026-03-10T13:00:01Z');
			await issue();
			at('2026-03-10T13:00:05Z');
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			// A001: 10 minutes, then 40 s before calling A002, who was waiting all along.
			expect(await serve('2026-03-10T13:01:00Z', '2026-03-10T13:11:00Z')).toBe('A001');
			expect(await serve('2026-03-10T13:11:40Z', '2026-03-10T13:16:40Z')).toBe('A002');
			// A003 arrives after A002 is done: the 80 s before its call were an empty queue, not pace.
			at('2026-03-10T13:17:30Z');
			await issue();
			expect(await serve('2026-03-10T13:18:00Z', '2026-03-10T13:23:00Z')).toBe('A003');

			const record = await unitBySlug(handle.db, unit.slug);
			const services = await handle.db.selectFrom('services').select(['id', 'code', 'expected_service_minutes as expectedServiceMinutes']).where('code', '=', unit.services.iptu).execute();
			const facts = await forecastFacts(handle.db, record, services, t.clock.now);
			const seconds = [...facts.todaySamples].sort((a, b) => a.at.getTime() - b.at.getTime()).map((s) => s.seconds);
			expect(seconds).toEqual([640, 300, 300]);
			expect(facts.priorityWalkInsToday).toBe(0);
		});

		it("counts today's priority walk-ins of the services whose usual rates they scale", async () => {
			const unit = await givenUnit(handle.db, { services: [{ code: 'alvara', prefix: 'B', expectedServiceMinutes: 10 }, { code: 'novo', prefix: 'N', expectedServiceMinutes: 10 }], counters: 1 });
			await priorityGroup(handle.db, 'idoso', 20);
			const services = await handle.db
				.selectFrom('services')
				.select(['id', 'code', 'expected_service_minutes as expectedServiceMinutes'])
				.where('code', 'in', [unit.services.alvara, unit.services.novo])
				.execute();
			const alvara = services.find((s) => s.code === unit.services.alvara)!;
			// Only alvará has a history; the new service has no usual rates to compare with.
			await handle.db
				.insertInto('queue_profiles')
				.values({
					unit_id: unit.id,
					service_id: alvara.id,
					computed_day: '2026-03-10',
					days: 20,
					served: 400,
					mean_service_seconds: 600,
					log_spread: 0.4,
					no_show_share: 0.05,
					transfer_share: 0,
					transfers_to: JSON.stringify([]),
					priority_arrivals: JSON.stringify([{ code: 'idoso', weight: 20, perHour: Array<number>(24).fill(0.5) }]),
					appointment_show_share: null,
					appointment_early_seconds: null,
					appointment_late_share: null
				})
				.execute();
			at('2026-03-10T13:30:00Z');
			for (const priority of ['idoso', 'idoso', undefined]) await issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.alvara, priority }, ORIGIN);
			await issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.novo, priority: 'idoso' }, ORIGIN);
			const record = await unitBySlug(handle.db, unit.slug);
			expect((await forecastFacts(handle.db, record, services, t.clock.now)).priorityWalkInsToday).toBe(2);
		});

		it("learns the unit's breaks from its counters' pauses in the audit trail", async () => {
			const unit = await givenUnit(handle.db, { services: [{ code: 'rg', prefix: 'R', expectedServiceMinutes: 10 }], counters: 2 });
			const service = await handle.db.selectFrom('services').select(['id', 'code', 'expected_service_minutes as expectedServiceMinutes']).where('code', '=', unit.services.rg).executeTakeFirstOrThrow();
			const served = new Date('2026-03-09T12:00:00Z');
			await handle.db
				.insertInto('tickets')
				.values({ public_id: `breaks-${unit.slug}`, unit_id: unit.id, service_id: service.id, number: 'R001', day: '2026-03-09', priority_weight: 0, status: 'done', channel: 'kiosk', issued_at: served, queued_at: served, called_at: served, finished_at: new Date(served.getTime() + 600_000), outcome: 'resolved', issued_by: 'test' })
				.execute();
			// Yesterday (local time, UTC−3): both counters opened at 08:00; the first paused 10:15–10:35,
			// the second paused at 12:00 and closed at 12:10; a pause today is not history yet.
			const [first, second] = unit.counters.map((c) => c.id);
			const trail = (counter: string, action: string, iso: string) => ({ at: new Date(iso), actor: 'user:test', action, entity: 'counter', entity_id: counter, details: '{}' });
			await handle.db
				.insertInto('audit_log')
				.values([
					trail(first, 'counter.open', '2026-03-09T11:00:00Z'),
					trail(second, 'counter.open', '2026-03-09T11:00:00Z'),
					trail(first, 'counter.pause', '2026-03-09T13:15:00Z'),
					trail(first, 'counter.open', '2026-03-09T13:35:00Z'),
					trail(second, 'counter.pause', '2026-03-09T15:00:00Z'),
					trail(second, 'counter.close', '2026-03-09T15:10:00Z'),
					trail(first, 'counter.pause', '2026-03-10T11:30:00Z')
				])
				.execute();
			const record = await unitBySlug(handle.db, unit.slug);
			await refreshUnitProfiles(handle.db, record, new Date('2026-03-10T12:00:00Z'));
			const facts = await forecastFacts(handle.db, record, [service], new Date('2026-03-10T13:00:00Z'));
			expect(facts.pausesPerHour?.[10]).toBeCloseTo(0.5, 9);
			expect(facts.pausesPerHour?.[12]).toBeCloseTo(0.5, 9);
			expect(facts.pausesPerHour?.filter((r) => r > 0)).toHaveLength(2);
			expect(facts.typicalPauseSeconds).toBeCloseTo(15 * 60, 6);
		});

		it('writes the close of the counter a clerk leaves for another, so a break ends there in the trail', async () => {
			const unit = await givenUnit(handle.db, { services: [{ code: 'cnh', prefix: 'C', expectedServiceMinutes: 10 }], counters: 2 });
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const [first, second] = unit.counters.map((c) => c.id);
			await openCounter(t.deps, clerk, first, { services: [unit.services.cnh] });
			await pauseCounter(t.deps, clerk, first, { reason: 'Café' });
			await openCounter(t.deps, clerk, second, { services: [unit.services.cnh] });
			await closeCounter(t.deps, clerk, second);
			await openCounter(t.deps, clerk, first, { services: [unit.services.cnh] });
			// The trail is what the forecast's break habits read (pauseHabits): without the close, the
			// pause would last until the counter reopened hours later.
			const trail = await handle.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', first).orderBy('id').execute();
			expect(trail.map((r) => r.action)).toEqual(['counter.open', 'counter.pause', 'counter.close', 'counter.open']);
			expect(trail[2].details).toEqual({ movedTo: second });
		});

		it('learns from past check-ins how early booked visitors come and how many come late', async () => {
			const unit = await givenUnit(handle.db, { services: [{ code: 'cnh', prefix: 'C', expectedServiceMinutes: 10 }], counters: 1 });
			const service = await handle.db.selectFrom('services').select(['id', 'code', 'expected_service_minutes as expectedServiceMinutes']).where('code', '=', unit.services.cnh).executeTakeFirstOrThrow();
			// Yesterday's appointments at 10:00 local: checked in 8 and 4 minutes early, 3 minutes late,
			// and 40 minutes late — past the grace period, so that one was let in as a walk-in.
			const slot = new Date('2026-03-09T13:00:00Z');
			const checkedIn = async (i: number, offsetMinutes: number, walkIn = false) => {
				const issued = new Date(slot.getTime() + offsetMinutes * 60_000);
				const booking = await handle.db
					.insertInto('appointments')
					.values({
						code: `CHK${i}${unit.slug}`.slice(0, 20),
						unit_id: unit.id,
						service_id: service.id,
						start_at: slot,
						end_at: new Date(slot.getTime() + 20 * 60_000),
						status: 'checked_in',
						checked_in_at: issued,
						citizen_cpf: null,
						citizen_name: null,
						citizen_email: null,
						manage_token_hash: `hash-${i}-${unit.slug}`,
						booked_by: 'public'
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				return {
					public_id: `checked-in-${i}-${unit.slug}`,
					unit_id: unit.id,
					service_id: service.id,
					number: `C00${i}`,
					day: '2026-03-09',
					priority_weight: 0,
					status: 'done' as const,
					channel: walkIn ? ('kiosk' as const) : ('appointment' as const),
					issued_at: issued,
					queued_at: issued,
					called_at: new Date(issued.getTime() + 60_000),
					finished_at: new Date(issued.getTime() + 10 * 60_000),
					outcome: 'resolved' as const,
					appointment_id: booking.id,
					appointment_at: walkIn ? null : slot,
					issued_by: 'test'
				};
			};
			await handle.db
				.insertInto('tickets')
				.values([await checkedIn(1, -8), await checkedIn(2, -4), await checkedIn(3, 3), await checkedIn(4, 40, true)])
				.execute();
			const record = await unitBySlug(handle.db, unit.slug);
			await refreshUnitProfiles(handle.db, record, new Date('2026-03-10T12:00:00Z'));
			const facts = await forecastFacts(handle.db, record, [service], new Date('2026-03-10T13:00:00Z'));
			// On time they came 6 minutes early on average: read as spread evenly over the 12 minutes before.
			expect(facts.appointmentCheckIns?.earlySeconds).toBeCloseTo(720, 6);
			expect(facts.appointmentCheckIns?.lateShare).toBeCloseTo(2 / 4, 6);
		});
	});
}
