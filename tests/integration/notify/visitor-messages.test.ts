// Visitors' messages end to end below HTTP: watches, the event consumer, the outbox and the real
// adapters against the virtual phone (the recording stand-in), on both engines.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { callNext } from '../../../src/lib/queue/call-ticket.server';
import { cancelTicket, finishTicket, startTicket } from '../../../src/lib/queue/ticket-actions.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { dispatchEvents } from '../../../src/lib/events/dispatch.server';
import { queueVisitorMessages } from '../../../src/lib/notify/queue-messages.server';
import { drainVisitorMessages } from '../../../src/lib/notify/send-messages.server';
import { unwatchTicket, watchTicket } from '../../../src/lib/notify/watch-ticket.server';
import { messagesOfTicket } from '../../../src/lib/notify/store.server';
import { listFailedMessages, retryFailedMessage } from '../../../src/lib/notify/failed-messages.server';
import { statsReport } from '../../../src/lib/stats/reports.server';
import { localDay } from '../../../src/lib/queue/numbering';
import { startVirtualPhone, type VirtualPhone } from '../../../src/lib/notify/virtual-phone.server';
import { forgetVisitorContacts } from '../../../src/lib/notify/retention.server';
import { arriveByPhone, takeRemoteTicket } from '../../../src/lib/queue/remote-ticket.server';
import { phoneProviders } from '../phone-providers';

const ORIGIN = 'http://vez.test';
const phoneOf = (n: number) => `+55489999900${String(n).padStart(2, '0')}`;

for (const engine of engines()) {
	describe(`visitor messages on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let clerk: Actor;
		let phone: VirtualPhone;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			phone = await startVirtualPhone({ port: 0 });
			t.deps.config = {
				...t.deps.config,
				providers: phoneProviders(phone)
			};
			unit = await givenUnit(handle.db, { counters: 1 });
			clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu] });
		});
		afterAll(async () => {
			await phone.close();
			await handle.close();
		});
		beforeEach(() => phone.clear());

		/** What the background does after each change: dispatch the events, send what they queued. */
		const pump = async () => {
			await dispatchEvents(handle.db, [queueVisitorMessages], t.clock.now);
			return drainVisitorMessages(t.deps);
		};
		const tick = (seconds: number) => (t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000));
		/** A ticket, a second after the one before: tickets issued in the same instant are ordered by id. */
		const issue = () => {
			tick(1);
			return issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN);
		};
		const serveNext = async () => {
			const called = await callNext(t.deps, clerk, unit.counters[0].id);
			await pump();
			// A send that failed for now (a busy machine's timeout) is retried before the visitor is served.
			tick(30);
			await pump();
			await startTicket(t.deps, clerk, called!.id);
			await finishTicket(t.deps, clerk, called!.id, { outcome: 'resolved' });
			await pump();
			tick(60);
		};
		const received = (to: string) => phone.messages().filter((m) => m.to === to);

		it('sends exactly one near and one called to each visitor who opted in, at their own thresholds, and nothing to one who opted out', async () => {
			const tickets = [];
			for (let i = 0; i < 6; i++) {
				tickets.push(await issue());
				tick(10);
			}
			const watched = await watchTicket(t.deps, tickets[2].publicId, { channel: 'sms', phone: '(48) 99999-0003', ahead: 1 }, { lang: 'pt-BR', source: 'ticket_page' });
			expect(watched).toEqual({ channel: 'sms', ahead: 1, phone: '+55 48 •••••-0003' });
			await watchTicket(t.deps, tickets[4].publicId, { channel: 'whatsapp', phone: '48999990005' }, { lang: 'en', source: 'kiosk' });
			await watchTicket(t.deps, tickets[3].publicId, { channel: 'whatsapp', phone: '48999990004' }, { lang: 'pt-BR', source: 'ticket_page' });
			await unwatchTicket(t.deps, tickets[3].publicId);
			await pump();
			expect(phone.messages()).toHaveLength(0);

			for (let i = 0; i < 6; i++) await serveNext();

			const third = received(phoneOf(3));
			expect(third.map((m) => m.provider)).toEqual(['zenvia', 'zenvia']);
			expect(third[0].text).toContain('Senha A003: faltam 1 antes de você');
			expect(third[1].text).toContain('Sua senha A003 foi chamada: dirija-se ao Guichê 1');
			const fifth = received(phoneOf(5));
			expect(fifth.map((m) => m.template?.name)).toEqual(['vez_ticket_near', 'vez_ticket_called']);
			expect(fifth.map((m) => m.template?.language)).toEqual(['en', 'en']);
			expect(fifth[0].template?.params).toEqual(['A005', '3', `Unidade ${unit.slug}`]);
			expect(received(phoneOf(4))).toHaveLength(0);
			expect(phone.messages()).toHaveLength(4);
			// The dispatcher running again queues nothing twice.
			await dispatchEvents(handle.db, [queueVisitorMessages], t.clock.now);
			expect((await pump()).claimed).toBe(0);
		});

		it('queues near at once when the ticket is already within the threshold, and nothing after it is cancelled', async () => {
			const a = await issue();
			const b = await issue();
			await watchTicket(t.deps, a.publicId, { channel: 'sms', phone: '48999990011', ahead: 3 }, { lang: 'es', source: 'api' });
			await pump();
			expect(received(phoneOf(11)).map((m) => m.text)).toEqual([expect.stringContaining('faltan 0 antes de usted')]);
			await watchTicket(t.deps, b.publicId, { channel: 'sms', phone: '48999990012', ahead: 1 }, { lang: 'pt-BR', source: 'api' });
			await cancelTicket(t.deps, clerk, b.id);
			await pump();
			expect(received(phoneOf(12))).toEqual([]);
			expect((await messagesOfTicket(handle.db, b.id)).map((m) => m.status)).toEqual(['dropped']);
			await cancelTicket(t.deps, clerk, a.id);
			await pump();
		});

		it('retries a provider 500 and dead-letters a 400, counted in the manager’s report and sent again by hand', async () => {
			const a = await issue();
			const b = await issue();
			phone.failNext('whatsapp', 500);
			await watchTicket(t.deps, a.publicId, { channel: 'whatsapp', phone: '48999990021', ahead: 5 }, { lang: 'pt-BR', source: 'api' });
			expect(await pump()).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
			expect(received(phoneOf(21))).toHaveLength(0);
			tick(10);
			const retried = await pump();
			expect(retried, JSON.stringify(await messagesOfTicket(handle.db, a.id))).toMatchObject({ claimed: 1, sent: 1 });
			expect(received(phoneOf(21))).toHaveLength(1);
			expect(phone.requests('whatsapp')).toBe(2);

			phone.failNext('zenvia', 400);
			await watchTicket(t.deps, b.publicId, { channel: 'sms', phone: '48999990022', ahead: 5 }, { lang: 'pt-BR', source: 'api' });
			expect(await pump()).toMatchObject({ claimed: 1, failed: 1 });
			tick(3600);
			expect(await pump()).toMatchObject({ claimed: 0 });
			const [message] = await messagesOfTicket(handle.db, b.id);
			expect(message).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('VALIDATION_ERROR') });
			// The manager's report counts it and links to the list, where it is sent again by hand.
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const today = localDay(t.clock.now, 'America/Sao_Paulo');
			const failed = async () => (await statsReport(t.deps, manager, { from: today, to: today })).reach.failedMessages;
			expect(await failed()).toBe(1);
			expect(await codeOf(retryFailedMessage(t.deps, clerk, message.id))).toBe('forbidden');
			const [listed] = await listFailedMessages(t.deps, manager);
			expect(listed).toMatchObject({ id: message.id, kind: 'near', ticketNumber: b.number, retryable: true });
			await retryFailedMessage(t.deps, manager, message.id);
			expect(await failed()).toBe(0);
			expect(await pump()).toMatchObject({ claimed: 1, sent: 1 });
			expect(received(phoneOf(22))).toHaveLength(1);
			expect(await codeOf(retryFailedMessage(t.deps, manager, message.id))).toBe('not_found');
			for (const x of [a, b]) await cancelTicket(t.deps, clerk, x.id);
		});

		it('forgets the numbers a day after the ticket ended, keeping the consent record', async () => {
			tick(2 * 86_400);
			const waiting = await issue();
			await watchTicket(t.deps, waiting.publicId, { channel: 'sms', phone: '48999990041' }, { lang: 'pt-BR', source: 'api' });
			await forgetVisitorContacts(t.deps);
			const rows = await handle.db.selectFrom('ticket_watches').select(['ticket_id', 'phone', 'consent_text', 'consent_at']).execute();
			expect(rows.filter((r) => r.phone !== null).map((r) => r.ticket_id)).toEqual([waiting.id]);
			expect(rows.every((r) => r.consent_text.startsWith('Autorizo') || r.consent_text.startsWith('I agree') || r.consent_text.startsWith('Autorizo el'))).toBe(true);
			await cancelTicket(t.deps, clerk, waiting.id);
		});

		it('refuses a landline, a channel with no provider and a ticket no longer waiting', async () => {
			const a = await issue();
			expect((await errorOf(watchTicket(t.deps, a.publicId, { channel: 'sms', phone: '(48) 3333-4444' }, { lang: 'pt-BR', source: 'api' }))).fields).toEqual({ phone: 'not_mobile' });
			expect((await errorOf(watchTicket(t.deps, a.publicId, { channel: 'webpush', subscription: { endpoint: 'https://push.example/x', keys: { p256dh: 'k', auth: 'a' } } }, { lang: 'pt-BR', source: 'api' }))).code).toBe('channel_unavailable');
			await cancelTicket(t.deps, clerk, a.id);
			expect((await errorOf(watchTicket(t.deps, a.publicId, { channel: 'sms', phone: '48999990031' }, { lang: 'pt-BR', source: 'api' }))).code).toBe('ticket_not_waiting');
		});

		it('sends near and called to the phone a remote ticket was taken with, when its visitor asked for them there', async () => {
			await handle.db.updateTable('unit_services').set({ allows_remote: true }).where('unit_id', '=', unit.id).execute();
			const take = (body: Record<string, unknown>, address: string) =>
				takeRemoteTicket(t.deps, unit.slug, { channel: 'remote', service: unit.services.iptu, ...body }, { origin: ORIGIN, address, lang: 'es' });
			const asked = await take({ phone: '(48) 99999-0051', notify: { channel: 'whatsapp', ahead: 1 } }, '10.1.1.1');
			tick(1);
			const quiet = await take({ phone: '48999990052' }, '10.1.1.2');
			await pump();
			expect(received(phoneOf(51)).map((m) => [m.template?.name, m.template?.language])).toEqual([['vez_ticket_near', 'es']]);
			await arriveByPhone(t.deps, asked.publicId);
			await serveNext();
			expect(received(phoneOf(51)).map((m) => m.template?.name)).toEqual(['vez_ticket_near', 'vez_ticket_called']);
			expect(received(phoneOf(52))).toEqual([]);
			const watch = await handle.db.selectFrom('ticket_watches').select(['source', 'consent_text']).where('ticket_id', '=', asked.id).executeTakeFirstOrThrow();
			expect(watch).toEqual({ source: 'remote', consent_text: expect.stringContaining('Autorizo el envío de mensajes') });

			// Messages need a phone, and a channel with a provider.
			expect((await errorOf(take({ email: 'v@example.org', notify: { channel: 'sms' } }, '10.1.1.3'))).fields).toEqual({ phone: 'required' });
			t.deps.config = { ...t.deps.config, providers: { ...t.deps.config.providers, sms: null } };
			expect(await codeOf(take({ phone: '48999990053', notify: { channel: 'sms' } }, '10.1.1.4'))).toBe('channel_unavailable');
			await cancelTicket(t.deps, clerk, quiet.id);
		});
	});
}
