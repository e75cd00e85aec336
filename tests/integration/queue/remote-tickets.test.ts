// Tickets taken before arriving (issue 17), on both engines: the public issue with its limits,
// check-in at the kiosk or with "Cheguei", the ordering that never calls a ticket before its
// visitor arrives but keeps its place, the clerk's view, and the expiry of visitors who never came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { callNext, callTicket } from '../../../src/lib/queue/call-ticket.server';
import { cancelTicket, finishTicket, reactivateTicket, startTicket } from '../../../src/lib/queue/ticket-actions.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { arriveByPhone, expireRemoteTickets, remoteArrival, remoteServices, takeRemoteTicket } from '../../../src/lib/queue/remote-ticket.server';
import { checkInAtKiosk } from '../../../src/lib/queue/kiosk-check-in.server';
import { publicTicket, unitQueue } from '../../../src/lib/queue/queue-views.server';
import { ticketPage } from '../../../src/lib/queue/ticket-page.server';
import { forgetVisitorContacts } from '../../../src/lib/notify/retention.server';

const ORIGIN = 'http://vez.test';

for (const engine of engines()) {
	describe(`remote tickets on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let clerk: Actor;
		let address = 0;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			unit = await givenUnit(handle.db, { counters: 1, services: [{ code: 'iptu', prefix: 'A' }, { code: 'alvara', prefix: 'B' }, { code: 'saude', prefix: 'C' }] });
			for (const [code, cap] of [['iptu', null], ['saude', 1]] as const) {
				await handle.db
					.updateTable('unit_services')
					.set({ allows_remote: true, remote_daily_cap: cap })
					.where('unit_id', '=', unit.id)
					.where('service_id', '=', (eb) => eb.selectFrom('services').select('id').where('code', '=', unit.services[code]))
					.execute();
			}
			clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu, unit.services.saude] });
		});
		afterAll(() => handle.close());

		const tick = (seconds: number) => (t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000));
		/** Each visitor from their own network, unless a test says otherwise. */
		const takeRemote = (body: Record<string, unknown>, from = `10.0.0.${++address}`) =>
			takeRemoteTicket(t.deps, unit.slug, { channel: 'remote', ...body }, { origin: ORIGIN, address: from, lang: 'pt-BR' });
		const walkIn = () => {
			tick(60);
			return issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN);
		};
		const serve = async () => {
			const called = await callNext(t.deps, clerk, unit.counters[0].id);
			if (!called) return null;
			await startTicket(t.deps, clerk, called.id);
			await finishTicket(t.deps, clerk, called.id, { outcome: 'resolved' });
			return called.number;
		};
		const drain = async () => {
			const served: string[] = [];
			for (let n = await serve(); n; n = await serve()) served.push(n);
			return served;
		};

		it('is never called before its visitor arrives, keeps its place, and counts nobody ahead of newcomers meanwhile', async () => {
			const a = await walkIn();
			tick(60);
			const remote = await takeRemote({ service: unit.services.iptu, phone: '(48) 99999-0001' });
			expect(remote.arrival).toEqual({ awaiting: true, code: expect.stringMatching(/^[2-9A-Z]{3}-[2-9A-Z]{3}-[2-9A-Z]{3}$/) });
			// One person (A001) is ahead of the place it keeps.
			expect(remote.position).toBe(1);
			const c = await walkIn();
			// The newcomer has only A001 ahead: the remote ticket is not callable yet.
			expect(c.position).toBe(1);
			expect((await publicTicket(t.deps, remote.publicId)).awaitingArrival).toBe(true);

			const queue = await unitQueue(t.deps, clerk, unit.slug);
			const iptu = queue.services.find((s) => s.code === unit.services.iptu)!;
			expect(iptu.tickets.map((x) => x.number)).toEqual([a.number, c.number]);
			expect(iptu.awaiting).toEqual([expect.objectContaining({ number: remote.number, keptPosition: 1 })]);
			expect(await codeOf(callTicket(t.deps, clerk, unit.counters[0].id, { ticket: remote.id }))).toBe('invalid_transition');

			expect(await serve()).toBe(a.number);
			// The visitor arrives at the kiosk with the code: called next, before the later walk-in.
			await handle.db.insertInto('printers').values({ unit_id: unit.id, name: 'Totem da entrada', host: '127.0.0.1' }).execute();
			const arrived = await checkInAtKiosk(t.deps, kiosk(unit.id), unit.slug, { appointment: remote.arrival!.code.toLowerCase() }, ORIGIN);
			expect(arrived).toMatchObject({ number: remote.number, position: 0, arrival: { awaiting: false } });
			// The kiosk prints the paper ticket at the check-in, with the place it has now.
			expect(arrived.print).toMatchObject({ status: 'queued', printerName: 'Totem da entrada' });
			const jobs = await handle.db.selectFrom('print_jobs').select(['kind', 'payload']).where('ticket_id', '=', remote.id).execute();
			expect(jobs).toEqual([{ kind: 'ticket', payload: expect.objectContaining({ number: remote.number, peopleAhead: 0, trackUrl: `${ORIGIN}/t/${remote.publicId}` }) }]);
			expect((await publicTicket(t.deps, remote.publicId)).awaitingArrival).toBe(false);
			expect(await remoteArrival(t.deps, remote.publicId)).toBeNull();
			expect(await codeOf(checkInAtKiosk(t.deps, kiosk(unit.id), unit.slug, { appointment: remote.arrival!.code }, ORIGIN))).toBe('appointment_not_active');
			expect(await drain()).toEqual([remote.number, c.number]);
		});

		it('lets the visitor say "Cheguei" on the phone once, and only then calls the ticket', async () => {
			const remote = await takeRemote({ service: unit.services.iptu, email: 'visitante@example.com' });
			// The ticket page shows the holder the arrival code and its QR, with the minutes it may still arrive after its turn.
			const page = await ticketPage(t.deps, remote.publicId);
			expect(page).toMatchObject({ ticket: { publicId: remote.publicId, awaitingArrival: true }, rated: false, arrival: { code: remote.arrival!.code, expireMinutes: 15 } });
			expect(page.arrival!.qrSvg).toContain('<svg');
			expect(await drain()).toEqual([]);
			expect(await arriveByPhone(t.deps, remote.publicId)).toEqual({ arrived: true });
			expect(await codeOf(arriveByPhone(t.deps, remote.publicId))).toBe('not_awaiting_arrival');
			// A malformed id is "no such ticket" (404), never a server error.
			for (const bad of ['x', 'é'.repeat(20), `${remote.publicId}'--`, 'a'.repeat(500)]) {
				expect(await codeOf(arriveByPhone(t.deps, bad))).toBe('ticket_not_found');
				expect(await codeOf(ticketPage(t.deps, bad))).toBe('ticket_not_found');
			}
			expect(await drain()).toEqual([remote.number]);
		});

		it('refuses what the unit does not allow: a service without remote tickets, no contact, past the daily cap', async () => {
			expect(await codeOf(takeRemote({ service: unit.services.alvara, phone: '48999990002' }))).toBe('remote_not_allowed');
			const noContact = await errorOf(takeRemote({ service: unit.services.iptu }));
			expect(noContact.code).toBe('invalid_input');
			expect(Object.keys(noContact.fields ?? {})).toEqual(['phone']);
			expect(await codeOf(takeRemote({ service: unit.services.iptu, phone: '12345' }))).toBe('invalid_input');
			await takeRemote({ service: unit.services.saude, phone: '48999990003' });
			expect(await codeOf(takeRemote({ service: unit.services.saude, phone: '48999990004' }))).toBe('remote_cap_reached');
			// Walk-ins of the service are not capped.
			expect(await codeOf(issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.saude }, ORIGIN))).toBe('ok');
			expect((await remoteServices(t.deps, unit.slug)).services.map((s) => s.code).sort()).toEqual([unit.services.iptu, unit.services.saude].sort());
			await drain();
		});

		it('lets exactly the daily cap through when ten visitors race for the last three tickets', async () => {
			const racing = await givenUnit(handle.db, { services: [{ code: 'iptu', prefix: 'R' }] });
			await handle.db
				.updateTable('unit_services')
				.set({ allows_remote: true, remote_daily_cap: 3 })
				.where('unit_id', '=', racing.id)
				.execute();
			const codes = await Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					codeOf(
						takeRemoteTicket(t.deps, racing.slug, { channel: 'remote', service: racing.services.iptu, phone: `4899988${String(i).padStart(4, '0')}` }, { origin: ORIGIN, address: `10.7.0.${i + 1}`, lang: 'pt-BR' })
					)
				)
			);
			expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
			expect(codes.filter((c) => c === 'remote_cap_reached')).toHaveLength(7);
			await handle.db.updateTable('tickets').set({ status: 'cancelled' }).where('unit_id', '=', racing.id).execute();
		});

		it('limits tickets per phone or e-mail and per address', async () => {
			for (let i = 0; i < 3; i++) await takeRemote({ service: unit.services.iptu, phone: '+55 48 99999-0005' });
			const fourth = await errorOf(takeRemote({ service: unit.services.iptu, phone: '48 999990005' }));
			expect(fourth.code).toBe('rate_limited');
			expect(fourth.retryAfterSeconds).toBeGreaterThan(0);
			for (let i = 0; i < 10; i++) await takeRemote({ service: unit.services.iptu, email: `v${i}@example.com` }, '10.9.9.9');
			expect(await codeOf(takeRemote({ service: unit.services.iptu, email: 'v11@example.com' }, '10.9.9.9'))).toBe('rate_limited');
			await handle.db.updateTable('tickets').set({ status: 'cancelled' }).where('unit_id', '=', unit.id).where('status', '=', 'waiting').execute();
		});

		it('expires a remote ticket whose visitor has not come the unit-set minutes after it would have been called', async () => {
			await handle.db.updateTable('units').set({ settings: JSON.stringify({ issueOutsideHours: true, remoteTickets: { expireMinutes: 10 } }) }).where('id', '=', unit.id).execute();
			tick(60);
			const remote = await takeRemote({ service: unit.services.iptu, phone: '48999990006' });
			const later = await walkIn();
			expect(await expireRemoteTickets(t.deps)).toBe(0);
			// A001-like walk-in after it is called: the remote one would have been called now.
			const called = await callNext(t.deps, clerk, unit.counters[0].id);
			expect(called?.number).toBe(later.number);
			tick(9 * 60);
			expect(await expireRemoteTickets(t.deps)).toBe(0);
			const passed = await handle.db.selectFrom('tickets').select('passed_at').where('id', '=', remote.id).executeTakeFirstOrThrow();
			expect(passed.passed_at?.toISOString()).toBe(called!.calledAt);
			tick(60);
			expect(await expireRemoteTickets(t.deps)).toBe(1);
			expect((await publicTicket(t.deps, remote.publicId)).status).toBe('expired');
			expect(await codeOf(arriveByPhone(t.deps, remote.publicId))).toBe('not_awaiting_arrival');
			await startTicket(t.deps, clerk, called!.id);
			await finishTicket(t.deps, clerk, called!.id, { outcome: 'resolved' });
		});

		it('waits again, instead of expiring at once, when a passed remote ticket cancelled by mistake is reactivated', async () => {
			tick(60);
			const remote = await takeRemote({ service: unit.services.iptu, phone: '48999990007' });
			const later = await walkIn();
			expect(await serve()).toBe(later.number);
			expect(await expireRemoteTickets(t.deps)).toBe(0);
			const passedAt = async () => (await handle.db.selectFrom('tickets').select('passed_at').where('id', '=', remote.id).executeTakeFirstOrThrow()).passed_at;
			expect(await passedAt()).not.toBeNull();
			await cancelTicket(t.deps, clerk, remote.id);
			tick(11 * 60);
			await reactivateTicket(t.deps, clerk, remote.id);
			expect(await passedAt()).toBeNull();
			expect(await expireRemoteTickets(t.deps)).toBe(0);
			expect((await publicTicket(t.deps, remote.publicId)).status).toBe('waiting');
			await cancelTicket(t.deps, clerk, remote.id);
		});

		it("forgets the visitor's contact once the ticket is over and the retention period passed, keeping the consent", async () => {
			tick(2 * 86_400);
			await forgetVisitorContacts(t.deps);
			const rows = await handle.db.selectFrom('remote_ticket_contacts').selectAll().execute();
			expect(rows.length).toBeGreaterThan(0);
			for (const r of rows) {
				expect([r.phone, r.email]).toEqual([null, null]);
				expect(r.consent_text).toContain('LGPD');
			}
		});
	});
}
