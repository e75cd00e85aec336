import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import { ANONYMOUS, type Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { bookAppointment } from '../../../src/lib/appointments/book.server';
import { setCapacity } from '../../../src/lib/appointments/capacity.server';
import { openProtocol } from '../../../src/lib/requests/open-protocol.server';
import { createPrinter } from '../../../src/lib/printing/printers.server';
import { deleteExpiredIdempotencyKeys, idempotencyKey, keyCaller } from '../../../src/lib/server/idempotency.server';

// Issue 12: a retried request with the same Idempotency-Key gets the first answer and makes
// no second ticket, print job, appointment, protocol or e-mail.
const ORIGIN = 'http://vez.test';
const cpf = (n: number) => {
	const base = String(300_000_000 + n);
	return base + cpfCheckDigits(base);
};
const MORNINGS = { start: '08:00', end: '12:00', slotMinutes: 20, places: 1 };
const TEMPLATE = {
	windows: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [MORNINGS]])),
	walkInShare: 0,
	horizonDays: 30,
	minNoticeMinutes: 0
};

for (const engine of engines()) {
	describe(`idempotency keys on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let device: Actor;
		let clerk: Extract<Actor, { kind: 'user' }>;
		let organService: string;
		let n = 0;
		const key = (actor: Actor, value = `key-${++n}`, address = '203.0.113.7') => idempotencyKey(value, actor, address);
		const count = async (table: 'tickets' | 'print_jobs' | 'appointments' | 'protocols' | 'mail_outbox') =>
			Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

		beforeAll(async () => {
			handle = await engine.open();
			// Monday 9 March 2026, 09:00 in São Paulo.
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			unit = await givenUnit(handle.db);
			device = kiosk(unit.id);
			clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const admin = await givenUser(handle.db, 'admin');
			await createPrinter(t.deps, admin, unit.slug, { name: 'Totem', host: '10.0.0.9', port: 9100 });
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: TEMPLATE });
			organService = unit.services.alvara;
		});
		afterAll(() => handle.close());

		it('answers a retried kiosk issue with the first ticket, and prints it once', async () => {
			const [tickets, prints] = [await count('tickets'), await count('print_jobs')];
			const k = key(device);
			const first = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, k);
			const again = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, k);
			expect(again).toEqual(first);
			expect(first.print).toMatchObject({ status: 'queued' });
			expect(await count('tickets')).toBe(tickets + 1);
			expect(await count('print_jobs')).toBe(prints + 1);
			// A new tap is a new key: a new ticket.
			const next = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, key(device));
			expect(next.number).not.toBe(first.number);
		});

		it('refuses the same key with another body, or at another unit, with 422 idempotency_mismatch', async () => {
			const k = key(device);
			await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, k);
			const other = await errorOf(issueTicket(t.deps, device, unit.slug, { service: unit.services.alvara }, ORIGIN, k));
			expect(other.code).toBe('idempotency_mismatch');
			expect(other.status).toBe(422);
			const elsewhere = await givenUnit(handle.db);
			const admin = await givenUser(handle.db, 'admin');
			const adminKey = key(admin);
			await issueTicket(t.deps, admin, unit.slug, { service: unit.services.iptu }, ORIGIN, adminKey);
			expect(await codeOf(issueTicket(t.deps, admin, elsewhere.slug, { service: unit.services.iptu }, ORIGIN, adminKey))).toBe('idempotency_mismatch');
		});

		it('treats the same body in another key order as the same request', async () => {
			const k = key(clerk);
			const first = await issueTicket(t.deps, clerk, unit.slug, { service: unit.services.iptu, print: false }, ORIGIN, k);
			expect(await issueTicket(t.deps, clerk, unit.slug, { print: false, service: unit.services.iptu }, ORIGIN, k)).toEqual(first);
		});

		it('keeps keys of different callers apart', async () => {
			const other = kiosk(unit.id);
			const a = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, key(device, 'shared'));
			const b = await issueTicket(t.deps, other, unit.slug, { service: unit.services.iptu }, ORIGIN, key(other, 'shared'));
			expect(b.id).not.toBe(a.id);
			expect(keyCaller(ANONYMOUS, '198.51.100.1')).not.toBe(keyCaller(ANONYMOUS, '198.51.100.2'));
		});

		it('stores no failed answer: a retry after a refusal runs again and may succeed', async () => {
			const k = key(device);
			expect(await codeOf(issueTicket(t.deps, device, unit.slug, { service: 'nope' }, ORIGIN, k))).toBe('service_not_offered');
			expect(await codeOf(issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, k))).toBe('ok');
		});

		it('refuses malformed keys with 400', async () => {
			for (const bad of ['a b', 'x'.repeat(101), 'ção', 'tab\t']) expect((await errorOf(Promise.resolve().then(() => idempotencyKey(bad, device, '')))).code).toBe('invalid_input');
			expect(idempotencyKey('!~'.repeat(50), device, '')).toMatchObject({ key: '!~'.repeat(50) });
			expect(idempotencyKey(null, device, '')).toBeNull();
		});

		it('books once for a retried public booking and sends one confirmation e-mail', async () => {
			const [appointments, mails] = [await count('appointments'), await count('mail_outbox')];
			const body = { unit: unit.slug, service: unit.services.iptu, start: '2026-03-10T08:00:00-03:00', citizen: { cpf: cpf(1), name: 'Maria', email: 'maria@example.org' } };
			const k = key(ANONYMOUS, 'booking-1', '198.51.100.9');
			const first = await bookAppointment(t.deps, ANONYMOUS, body, ORIGIN, '198.51.100.9', k);
			// The slot has one place: a second booking would be refused, a replay is not.
			const again = await bookAppointment(t.deps, ANONYMOUS, body, ORIGIN, '198.51.100.9', k);
			expect(again).toEqual(first);
			expect(await count('appointments')).toBe(appointments + 1);
			expect(await count('mail_outbox')).toBe(mails + 1);
			const changed = { ...body, citizen: { ...body.citizen, name: 'Maria S.' } };
			expect(await codeOf(bookAppointment(t.deps, ANONYMOUS, changed, ORIGIN, '198.51.100.9', k))).toBe('idempotency_mismatch');
			// The same key from another address is another caller's key: a new booking, refused for this CPF.
			expect(await codeOf(bookAppointment(t.deps, ANONYMOUS, body, ORIGIN, '198.51.100.10', key(ANONYMOUS, 'booking-1', '198.51.100.10')))).toBe('already_booked');
		});

		it('keeps the manage link out of the stored answer in the clear', async () => {
			const body = { unit: unit.slug, service: unit.services.iptu, start: '2026-03-10T08:20:00-03:00', citizen: { cpf: cpf(2), name: 'João', phone: '48 99999-0000' } };
			const booked = await bookAppointment(t.deps, ANONYMOUS, body, ORIGIN, '198.51.100.9', key(ANONYMOUS, 'booking-2', '198.51.100.9'));
			const rows = await handle.db.selectFrom('idempotency_keys').select(['id', 'fingerprint', 'answer']).execute();
			const stored = JSON.stringify(rows);
			expect(stored).not.toContain(new URL(booked.manageUrl).pathname.split('/').pop());
			expect(stored).not.toContain('booking-2');
			expect(stored).not.toContain(cpf(2));
		});

		it('opens one protocol for a retried form and mails one receipt', async () => {
			const [protocols, mails] = [await count('protocols'), await count('mail_outbox')];
			const body = { service: organService, kind: 'solicitacao', description: 'Poste apagado', citizen: { cpf: cpf(3), name: 'Ana', email: 'ana@example.org' } };
			const k = key(clerk);
			const first = await openProtocol(t.deps, clerk, body, ORIGIN, k);
			expect(await openProtocol(t.deps, clerk, body, ORIGIN, k)).toEqual(first);
			expect(await count('protocols')).toBe(protocols + 1);
			expect(await count('mail_outbox')).toBe(mails + 1);
			expect(await codeOf(openProtocol(t.deps, clerk, { ...body, description: 'Outro' }, ORIGIN, k))).toBe('idempotency_mismatch');
		});

		it('forgets a key after 24 hours: the job deletes it and the key acts again', async () => {
			const k = key(device);
			const first = await issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, k);
			const later = testDeps(handle, { now: new Date(t.clock.now.getTime() + 24 * 3_600_000 + 1_000) });
			// Expired but not yet cleaned up: taken over, not replayed.
			const again = await issueTicket(later.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, k);
			expect(again.id).not.toBe(first.id);
			const evenLater = testDeps(handle, { now: new Date(later.clock.now.getTime() + 24 * 3_600_000 + 1_000) });
			expect(await deleteExpiredIdempotencyKeys(evenLater.deps)).toBeGreaterThan(0);
			expect(await handle.db.selectFrom('idempotency_keys').select('id').execute()).toEqual([]);
		});

		it('makes one ticket, one booking and one protocol from 20 identical requests sent at once', async () => {
			const [tickets, prints, appointments, protocols] = [await count('tickets'), await count('print_jobs'), await count('appointments'), await count('protocols')];
			const k = key(device);
			const issued = await Promise.all(Array.from({ length: 20 }, () => issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN, k)));
			expect(new Set(issued.map((x) => JSON.stringify(x))).size).toBe(1);
			expect(await count('tickets')).toBe(tickets + 1);
			expect(await count('print_jobs')).toBe(prints + 1);

			const booking = { unit: unit.slug, service: unit.services.iptu, start: '2026-03-10T08:40:00-03:00', citizen: { cpf: cpf(4), name: 'Rui', phone: '48 99999-0001' } };
			const bk = key(ANONYMOUS, 'booking-race', '198.51.100.20');
			const booked = await Promise.allSettled(Array.from({ length: 20 }, () => bookAppointment(t.deps, ANONYMOUS, booking, ORIGIN, undefined, bk)));
			// Every request gets the booking: none is refused for the slot its twin took.
			expect(booked.every((r) => r.status === 'fulfilled')).toBe(true);
			expect(new Set(booked.map((r) => r.status === 'fulfilled' && r.value.code)).size).toBe(1);
			expect(await count('appointments')).toBe(appointments + 1);

			const pk = key(clerk);
			const body = { service: organService, kind: 'reclamacao', description: 'Fila longa', anonymous: false, citizen: { cpf: cpf(5), name: 'Bia' } };
			const opened = await Promise.all(Array.from({ length: 20 }, () => openProtocol(t.deps, clerk, body, ORIGIN, pk)));
			expect(new Set(opened.map((p) => p.number)).size).toBe(1);
			expect(await count('protocols')).toBe(protocols + 1);
		});
	});
}
