// Every use case that changes state emits its one domain event, in its transaction, with a thin
// payload: a table over the use cases, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, testDeps } from '../engines';
import { givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import { ANONYMOUS, type Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { EVENT_DATA, EVENT_TYPES, type EventType } from '../../../src/lib/events/types';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { callNext, callTicket } from '../../../src/lib/queue/call-ticket.server';
import { cancelTicket, finishTicket, markNoShow, recallTicket, startTicket, transferTicket } from '../../../src/lib/queue/ticket-actions.server';
import { closeCounter, openCounter, pauseCounter } from '../../../src/lib/queue/counter-status.server';
import { setCapacity } from '../../../src/lib/appointments/capacity.server';
import { bookAppointment, cancelAppointment } from '../../../src/lib/appointments/book.server';
import { checkInAtKiosk } from '../../../src/lib/queue/kiosk-check-in.server';
import { arriveByPhone, expireRemoteTickets, takeRemoteTicket } from '../../../src/lib/queue/remote-ticket.server';
import { markNoShows } from '../../../src/lib/appointments/jobs.server';
import { openProtocol } from '../../../src/lib/requests/open-protocol.server';
import { changeProtocolStatus } from '../../../src/lib/requests/change-protocol-status.server';

const ORIGIN = 'http://vez.test';
const CPF = (() => {
	const base = '529982247';
	return base + cpfCheckDigits(base);
})();
const NAME = 'Maria Aparecida Souza';
const EMAIL = 'maria.souza@example.org';
const PHONE = '48999990000';

const SLOTS = { start: '08:00', end: '12:00', slotMinutes: 20, places: 4 };
const TEMPLATE = {
	windows: { mon: [SLOTS], tue: [SLOTS], wed: [SLOTS], thu: [SLOTS], fri: [SLOTS] },
	walkInShare: 0,
	horizonDays: 30,
	minNoticeMinutes: 120
};

interface Row {
	type: string;
	unit_id: string | null;
	data: Record<string, unknown>;
}

for (const engine of engines()) {
	describe(`domain events on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let clerk: Actor;
		let manager: Actor;
		let seen = 0;

		beforeAll(async () => {
			handle = await engine.open();
			// Monday 9 March 2026, 09:00 in São Paulo.
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			unit = await givenUnit(handle.db);
			clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: TEMPLATE });
			// Tickets before arriving, for the arrival and expiry events.
			await handle.db.updateTable('unit_services').set({ allows_remote: true }).where('unit_id', '=', unit.id).execute();
			seen = await lastSeq();
		});
		afterAll(() => handle.close());

		async function lastSeq(): Promise<number> {
			const { rows } = await sql<{ seq: number | null }>`SELECT max(seq)::int AS seq FROM domain_events`.execute(handle.db);
			return rows[0].seq ?? 0;
		}
		/** The events written since the last call, oldest first. */
		async function fresh(): Promise<Row[]> {
			const rows = await handle.db.selectFrom('domain_events').select(['type', 'unit_id', 'data', 'seq']).where('seq', '>', seen).orderBy('seq').execute();
			if (rows.length) seen = rows[rows.length - 1].seq;
			return rows;
		}

		// State shared along the table: each step acts on what the earlier ones made.
		const s: Record<string, string> = {};
		const counter = () => unit.counters[0].id;
		const issue = async () => (await issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN)).id;

		const steps: { does: string; emits: EventType[]; run: () => Promise<unknown>; check?: (data: Record<string, unknown>[]) => void }[] = [
			{
				does: 'a clerk opens a counter',
				emits: ['counter.opened'],
				run: () => openCounter(t.deps, clerk, counter(), { services: [unit.services.iptu, unit.services.alvara] }),
				check: ([d]) => expect(d).toMatchObject({ counterId: unit.counters[0].id, number: 1, name: 'Guichê 1', unit: unit.slug, status: 'open', previousStatus: 'closed', services: [unit.services.alvara, unit.services.iptu].sort() })
			},
			{
				does: 'a kiosk issues a ticket',
				emits: ['ticket.created'],
				run: async () => (s.ticket = await issue()),
				check: ([d]) => expect(d).toMatchObject({ ticketId: s.ticket, unit: unit.slug, service: unit.services.iptu, status: 'waiting', previousStatus: null, counter: null, channel: 'kiosk' })
			},
			{
				does: 'the counter calls the next ticket',
				emits: ['ticket.called'],
				run: () => callNext(t.deps, clerk, counter()),
				check: ([d]) => expect(d).toMatchObject({ ticketId: s.ticket, status: 'called', previousStatus: 'waiting', counter: { id: counter(), number: 1, name: 'Guichê 1' } })
			},
			{ does: 'the clerk recalls it', emits: ['ticket.recalled'], run: () => recallTicket(t.deps, clerk, s.ticket), check: ([d]) => expect(d).toMatchObject({ status: 'called', recalls: 1 }) },
			{ does: 'the clerk starts serving', emits: ['ticket.started'], run: () => startTicket(t.deps, clerk, s.ticket), check: ([d]) => expect(d).toMatchObject({ status: 'serving' }) },
			{
				does: 'the clerk finishes it',
				emits: ['ticket.finished'],
				run: () => finishTicket(t.deps, clerk, s.ticket, { outcome: 'resolved', note: `Atendida ${NAME}, CPF ${CPF}` }),
				check: ([d]) => expect(d).toMatchObject({ status: 'done', previousStatus: 'serving', outcome: 'resolved' })
			},
			{
				does: 'the counter calls a ticket by id, and the visitor does not come',
				emits: ['ticket.called', 'ticket.no_show'],
				run: async () => {
					s.second = await issue();
					await fresh();
					await callTicket(t.deps, clerk, counter(), { ticket: s.second });
					await markNoShow(t.deps, clerk, s.second);
				}
			},
			{
				does: 'a clerk transfers the ticket at the counter to another service',
				emits: ['ticket.transferred'],
				run: async () => {
					s.third = await issue();
					await callTicket(t.deps, clerk, counter(), { ticket: s.third });
					await fresh();
					await transferTicket(t.deps, clerk, s.third, { service: unit.services.alvara });
				},
				check: ([d]) => expect(d).toMatchObject({ ticketId: s.third, service: unit.services.iptu, toService: unit.services.alvara, status: 'transferred' })
			},
			{ does: 'a clerk cancels it', emits: ['ticket.cancelled'], run: () => cancelTicket(t.deps, clerk, s.third), check: ([d]) => expect(d).toMatchObject({ status: 'cancelled', service: unit.services.alvara }) },
			{
				does: 'a visitor takes a ticket before arriving, with a phone, and taps "Cheguei"',
				emits: ['ticket.created', 'ticket.arrived'],
				run: async () => {
					const remote = await takeRemoteTicket(t.deps, unit.slug, { service: unit.services.iptu, phone: PHONE }, { origin: ORIGIN, address: '203.0.113.8', lang: 'pt-BR' });
					s.remote = remote.id;
					await arriveByPhone(t.deps, remote.publicId);
				},
				check: ([created, arrived]) => {
					expect(created).toMatchObject({ ticketId: s.remote, channel: 'remote', status: 'waiting' });
					expect(arrived).toMatchObject({ ticketId: s.remote, channel: 'remote', status: 'waiting', previousStatus: 'waiting', counter: null });
				}
			},
			{
				does: 'a remote ticket whose visitor never came expires once its turn passed long enough ago',
				emits: ['ticket.expired'],
				run: async () => {
					const remote = await takeRemoteTicket(t.deps, unit.slug, { service: unit.services.iptu, email: EMAIL }, { origin: ORIGIN, address: '203.0.113.8', lang: 'pt-BR' });
					s.expired = remote.id;
					t.clock.now = new Date(t.clock.now.getTime() + 60_000);
					const later = await issue();
					await callTicket(t.deps, clerk, counter(), { ticket: later });
					await startTicket(t.deps, clerk, later);
					await finishTicket(t.deps, clerk, later, { outcome: 'resolved' });
					await expireRemoteTickets(t.deps);
					await fresh();
					t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
					await expireRemoteTickets(t.deps);
				},
				check: ([d]) => expect(d).toMatchObject({ ticketId: s.expired, channel: 'remote', status: 'expired', previousStatus: 'waiting' })
			},
			{ does: 'the clerk pauses the counter', emits: ['counter.paused'], run: () => pauseCounter(t.deps, clerk, counter(), { reason: 'almoço' }), check: ([d]) => expect(d).toMatchObject({ status: 'paused', previousStatus: 'open' }) },
			{ does: 'the clerk closes the counter', emits: ['counter.closed'], run: () => closeCounter(t.deps, clerk, counter()), check: ([d]) => expect(d).toMatchObject({ status: 'closed', previousStatus: 'paused' }) },
			{
				does: 'a citizen books an appointment',
				emits: ['appointment.booked'],
				run: async () => {
					const b = await bookAppointment(t.deps, ANONYMOUS, { unit: unit.slug, service: unit.services.iptu, start: '2026-03-10T09:00:00-03:00', citizen: { cpf: CPF, name: NAME, email: EMAIL, phone: PHONE } }, ORIGIN);
					s.booked = b.code;
					s.token = b.manageUrl.split('/').pop()!;
				},
				check: ([d]) => expect(d).toMatchObject({ unit: unit.slug, service: unit.services.iptu, status: 'booked', previousStatus: null, start: expect.stringMatching(/^2026-03-10T12:00:00/) })
			},
			{ does: 'the citizen cancels it', emits: ['appointment.cancelled'], run: () => cancelAppointment(t.deps, s.booked, { token: s.token }, '203.0.113.7'), check: ([d]) => expect(d).toMatchObject({ status: 'cancelled', previousStatus: 'booked' }) },
			{
				does: 'a citizen checks in at the kiosk',
				emits: ['appointment.checked_in', 'ticket.created'],
				run: async () => {
					const b = await bookAppointment(t.deps, ANONYMOUS, { unit: unit.slug, service: unit.services.iptu, start: '2026-03-11T10:00:00-03:00', citizen: { cpf: CPF, name: NAME, email: EMAIL } }, ORIGIN);
					await fresh();
					t.clock.now = new Date('2026-03-11T12:50:00Z');
					await checkInAtKiosk(t.deps, kiosk(unit.id), unit.slug, { appointment: b.code }, ORIGIN);
				},
				check: ([a, ticket]) => {
					expect(a).toMatchObject({ status: 'checked_in', previousStatus: 'booked' });
					expect(ticket).toMatchObject({ channel: 'appointment', status: 'waiting' });
				}
			},
			{
				does: 'the no-show job marks an appointment nobody came for',
				emits: ['appointment.no_show'],
				run: async () => {
					await bookAppointment(t.deps, ANONYMOUS, { unit: unit.slug, service: unit.services.iptu, start: '2026-03-13T09:00:00-03:00', citizen: { cpf: CPF, name: NAME, email: EMAIL } }, ORIGIN);
					await fresh();
					t.clock.now = new Date('2026-03-13T14:00:00Z');
					await markNoShows(t.deps);
				},
				check: ([d]) => expect(d).toMatchObject({ status: 'no_show', previousStatus: 'booked' })
			},
			{
				does: 'a clerk opens a protocol for a citizen',
				emits: ['protocol.created'],
				run: async () => {
					const p = await openProtocol(t.deps, clerk, { service: unit.services.iptu, kind: 'solicitacao', description: `Segunda via — ${NAME}`, citizen: { cpf: CPF, name: NAME, email: EMAIL, phone: PHONE } }, ORIGIN);
					s.protocol = p.number;
				},
				check: ([d]) => expect(d).toMatchObject({ number: s.protocol, service: unit.services.iptu, status: 'aberto', previousStatus: null })
			},
			{
				does: 'the organ moves the protocol along',
				emits: ['protocol.status_changed'],
				run: async () => {
					const organ = await handle.db.selectFrom('services').select('organ_id').where('code', '=', unit.services.iptu).executeTakeFirstOrThrow();
					const staff = await givenUser(handle.db, 'organ_staff');
					await handle.db.updateTable('users').set({ organ_id: organ.organ_id }).where('id', '=', staff.id).execute();
					await changeProtocolStatus(t.deps, { ...staff, organId: organ.organ_id }, s.protocol, { status: 'em_analise', note: `Ligamos para ${PHONE}`, public: false }, ORIGIN);
				},
				check: ([d]) => expect(d).toMatchObject({ number: s.protocol, status: 'em_analise', previousStatus: 'aberto' })
			}
		];

		it('covers every event type of docs/api.md', () => {
			expect(new Set(steps.flatMap((step) => step.emits))).toEqual(new Set(EVENT_TYPES));
		});

		for (const step of steps) {
			it(`${step.does} → ${step.emits.join(', ')}`, async () => {
				await step.run();
				const events = await fresh();
				expect(events.map((e) => e.type)).toEqual(step.emits);
				for (const e of events) {
					// The exact shape of docs/api.md#domain-events: ids, slugs, codes, numbers, statuses and times only.
					expect(() => EVENT_DATA[e.type as EventType].parse(e.data)).not.toThrow();
					const text = JSON.stringify(e.data);
					for (const personal of [CPF, NAME, EMAIL, PHONE, 'Maria', 'almoço']) expect(text).not.toContain(personal);
					if (e.type !== 'protocol.created' && e.type !== 'protocol.status_changed') expect(e.unit_id).toBe(unit.id);
				}
				step.check?.(events.map((e) => e.data));
			});
		}

		it('writes no event for a change that rolls back, and none for imported history', async () => {
			const before = await lastSeq();
			await expect(
				handle.db.transaction().execute(async (trx) => {
					await sql`UPDATE counters SET status = 'open' WHERE id = ${unit.counters[1].id}`.execute(trx);
					throw new Error('rolled back');
				})
			).rejects.toThrow('rolled back');
			await handle.db.transaction().execute(async (trx) => {
				await sql`SELECT set_config('vez.events', 'off', true)`.execute(trx);
				await sql`UPDATE counters SET status = 'open' WHERE id = ${unit.counters[1].id}`.execute(trx);
			});
			expect(await lastSeq()).toBe(before);
			// The setting was local to that transaction: the next change is news again.
			await closeCounter(t.deps, clerk, unit.counters[1].id).catch(() => undefined);
			await sql`UPDATE counters SET status = 'paused' WHERE id = ${unit.counters[1].id}`.execute(handle.db);
			expect((await fresh()).map((e) => e.type)).toContain('counter.paused');
		});
	});
}
