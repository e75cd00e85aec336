// Standard Webhooks end to end: events of real use cases, delivered over real HTTP to a receiver
// that verifies every delivery with the reference library (not Vez's signer), on both engines.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { callNext } from '../../../src/lib/queue/call-ticket.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { dispatchEvents } from '../../../src/lib/events/dispatch.server';
import { EVENT_DATA, type EventType } from '../../../src/lib/events/types';
import { deliverWebhooks, queueWebhookDeliveries } from '../../../src/lib/webhooks/deliver.server';
import { DELIVERY_TIMEOUT_MS } from '../../../src/lib/webhooks/webhook';
import {
	createWebhook,
	listDeliveries,
	listWebhooks,
	redeliver,
	removeWebhook,
	rotateWebhookSecret,
	sendTestEvent,
	setWebhookEnabled
} from '../../../src/lib/webhooks/webhooks.server';

interface Received {
	path: string;
	id: string;
	timestamp: string;
	signature: string;
	body: string;
	/** Checked by the reference library with the secret the receiver knows. */
	verified: boolean;
	payload: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** In a receiver's script: read the request and never answer (a hung endpoint). */
const HANG = 0;

/** A receiver on a loopback port: answers each request with the next scripted status (200 when none). */
async function receiver() {
	const received: Received[] = [];
	const script: number[] = [];
	let secrets: string[] = [];
	/** Connections of unanswered requests the sender has dropped. */
	const hangs = { open: 0, droppedBySender: 0 };
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
			const verified = secrets.length > 0 && secrets.every((s) => {
				try {
					new Webhook(s).verify(body, headers);
					return true;
				} catch {
					return false;
				}
			});
			received.push({ path: req.url ?? '', id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, verified, payload: JSON.parse(body) });
			const status = script.shift() ?? 200;
			if (status === HANG) {
				hangs.open += 1;
				req.socket.on('close', () => (hangs.droppedBySender += 1));
				return;
			}
			if (status === 302) res.writeHead(302, { location: '/elsewhere' });
			else res.writeHead(status, { 'content-type': 'text/plain' });
			res.end(status >= 400 ? `refused ${'x'.repeat(5000)}` : 'ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as AddressInfo).port;
	return {
		url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
		port,
		received,
		script,
		hangs,
		/** The secrets every delivery must verify with (all of them: a rotation signs with both). */
		trust: (...s: string[]) => (secrets = s),
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			})
	};
}

for (const engine of engines()) {
	describe(`webhooks on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let admin: Actor;
		let clerk: Actor;
		let clerkB: Actor;
		let unitA: GivenUnit;
		let unitB: GivenUnit;
		let rx: Awaited<ReturnType<typeof receiver>>;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle);
			t.deps.config = { ...t.deps.config, webhooksAllowPrivate: true, secretKey: 'test-secret-key' };
			admin = await givenUser(handle.db, 'admin');
			unitA = await givenUnit(handle.db);
			unitB = await givenUnit(handle.db);
			clerk = await givenUser(handle.db, 'clerk', [unitA.id]);
			clerkB = await givenUser(handle.db, 'clerk', [unitB.id]);
			await openCounter(t.deps, clerk, unitA.counters[0].id, { services: [unitA.services.iptu] });
			await openCounter(t.deps, clerkB, unitB.counters[0].id, { services: [unitB.services.iptu] });
		});
		afterAll(() => handle.close());
		beforeEach(async () => {
			// Real time: the reference library refuses a webhook-timestamp more than 5 minutes off.
			t.clock.now = new Date();
			rx = await receiver();
		});
		afterEach(async () => {
			await rx.close();
			await handle.db.deleteFrom('webhook_endpoints').execute();
			await handle.db.updateTable('domain_events').set({ dispatched_at: new Date() }).where('dispatched_at', 'is', null).execute();
		});

		/** Hands the committed events to the webhook consumer and sends what is due, as the runners do. */
		async function pump(times = 1) {
			await dispatchEvents(handle.db, [queueWebhookDeliveries], t.deps.now());
			for (let i = 0; i < times; i++) await deliverWebhooks(t.deps);
		}
		/** Time passes for the queue: every pending delivery is due (the clock stays real for the signatures). */
		const dueNow = () => handle.db.updateTable('webhook_deliveries').set({ next_attempt_at: new Date(t.clock.now.getTime() - 1000) }).where('status', '=', 'pending').execute();
		const issueAndCall = async (u: GivenUnit) => {
			// The counter is free again (a direct update: no event, nothing to deliver).
			await handle.db.updateTable('tickets').set({ status: 'done' }).where('status', 'in', ['called', 'serving']).execute();
			const ticket = await issueTicket(t.deps, kiosk(u.id), u.slug, { service: u.services.iptu }, 'http://vez.test');
			await callNext(t.deps, u === unitA ? clerk : clerkB, u.counters[0].id);
			return ticket;
		};

		it('shows the whsec_ secret once, keeps it sealed at rest, and refuses clerks and bad input', async () => {
			const created = await createWebhook(t.deps, admin, { url: rx.url(), events: ['*'], description: 'Data lake' });
			expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
			const bytes = Buffer.from(created.secret.slice(6), 'base64').length;
			expect(bytes >= 24 && bytes <= 64).toBe(true);
			const listed = await listWebhooks(t.deps, admin);
			expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6, 20));
			const row = await handle.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
			expect(JSON.stringify(row)).not.toContain(created.secret.slice(6, 20));
			const audit = await handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', created.id).execute();
			expect(audit.map((a) => a.action)).toEqual(['webhook.create']);

			expect(await codeOf(createWebhook(t.deps, clerk, { url: rx.url(), events: ['*'] }))).toBe('forbidden');
			expect(await codeOf(createWebhook(t.deps, admin, { url: 'ftp://example.com/x', events: ['*'] }))).toBe('invalid_input');
			expect(await codeOf(createWebhook(t.deps, admin, { url: rx.url(), events: ['ticket.exploded'] }))).toBe('invalid_input');
			expect(await codeOf(createWebhook(t.deps, admin, { url: rx.url(), events: ['*'], units: ['nowhere'] }))).toBe('unit_not_found');
			const noKey = { ...t.deps, config: { ...t.deps.config, secretKey: null } };
			expect(await codeOf(createWebhook(noKey, admin, { url: rx.url(), events: ['*'] }))).toBe('secret_key_missing');
		});

		it('refuses loopback, private and link-local addresses unless allowed, at creation and again at connect time', async () => {
			const strict = { ...t.deps, config: { ...t.deps.config, webhooksAllowPrivate: false } };
			for (const url of [rx.url(), `http://localhost:${rx.port}/hook`, 'http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'http://[::1]:8080/x', 'http://192.168.0.10/x']) {
				expect(await codeOf(createWebhook(strict, admin, { url, events: ['*'] })), url).toBe('address_refused');
			}
			// Allowed when it was saved; the installation changed its mind (or DNS did): the delivery is refused at connect time.
			const byName = await createWebhook(t.deps, admin, { url: `http://localhost:${rx.port}/hook`, events: ['ticket.called'] });
			const byAddress = await createWebhook(t.deps, admin, { url: rx.url(), events: ['ticket.called'] });
			await issueAndCall(unitA);
			await dispatchEvents(handle.db, [queueWebhookDeliveries], t.deps.now());
			expect(await deliverWebhooks(strict)).toMatchObject({ claimed: 2, delivered: 0, failed: 2 });
			expect(rx.received).toHaveLength(0);
			for (const e of [byName, byAddress]) {
				const [d] = await listDeliveries(t.deps, admin, e.id);
				expect(d).toMatchObject({ status: 'failed', attempts: 1 });
				expect(d.lastError).toMatch(/private, loopback or link-local/);
			}
		});

		it('delivers signed, thin events to each endpoint that wants them: all, or only its types and units', async () => {
			const all = await createWebhook(t.deps, admin, { url: rx.url('/all'), events: ['*'] });
			const filtered = await createWebhook(t.deps, admin, { url: rx.url('/called-a'), events: ['ticket.called'], units: [unitA.slug] });
			rx.trust(all.secret);
			const a = await issueAndCall(unitA);
			await issueAndCall(unitB);
			await pump();

			const toAll = rx.received.filter((r) => r.path === '/all');
			expect(toAll.map((r) => r.payload.type).sort()).toEqual(['ticket.called', 'ticket.called', 'ticket.created', 'ticket.created']);
			expect(toAll.every((r) => r.verified)).toBe(true);
			const toFiltered = rx.received.filter((r) => r.path === '/called-a');
			expect(toFiltered.map((r) => [r.payload.type, r.payload.data.unit])).toEqual([['ticket.called', unitA.slug]]);
			rx.trust(filtered.secret);
			expect(() => new Webhook(filtered.secret).verify(toFiltered[0].body, { 'webhook-id': toFiltered[0].id, 'webhook-timestamp': toFiltered[0].timestamp, 'webhook-signature': toFiltered[0].signature })).not.toThrow();
			expect(() => new Webhook(all.secret).verify(toFiltered[0].body, { 'webhook-id': toFiltered[0].id, 'webhook-timestamp': toFiltered[0].timestamp, 'webhook-signature': toFiltered[0].signature })).toThrow();

			const called = toFiltered[0].payload;
			expect(called.data).toMatchObject({ ticketId: a.id, number: a.number, unit: unitA.slug, service: unitA.services.iptu, status: 'called', counter: { id: unitA.counters[0].id, number: 1, name: 'Guichê 1' } });
			expect(() => EVENT_DATA[called.type as EventType].parse(called.data)).not.toThrow();
			expect(new Date(called.timestamp).toISOString()).toBe(called.timestamp);
			expect(toFiltered[0].id).toMatch(/^msg_/);

			const [last] = await listDeliveries(t.deps, admin, filtered.id);
			expect(last).toMatchObject({ type: 'ticket.called', status: 'delivered', attempts: 1, lastStatus: 200, nextAttemptAt: null });
			const [view] = (await listWebhooks(t.deps, admin)).filter((w) => w.id === filtered.id);
			expect(view).toMatchObject({ status: 'active', units: [unitA.slug], events: ['ticket.called'], lastDelivery: { id: last.id, status: 'delivered' } });
		});

		it('retries a refused delivery with back-off under the same webhook-id, keeping only an excerpt of the answer', async () => {
			const e = await createWebhook(t.deps, admin, { url: rx.url(), events: ['ticket.called'] });
			rx.trust(e.secret);
			rx.script.push(500, 503);
			await issueAndCall(unitA);
			await pump();
			let [d] = await listDeliveries(t.deps, admin, e.id);
			expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
			expect(d.lastResponse!.length).toBeLessThanOrEqual(512);
			expect(d.lastResponse).toMatch(/^refused x+$/);
			const wait = (new Date(d.nextAttemptAt!).getTime() - t.clock.now.getTime()) / 1000;
			expect(wait >= 4.5 && wait <= 5.5).toBe(true);
			expect(await deliverWebhooks(t.deps)).toMatchObject({ claimed: 0 }); // not before its time

			await dueNow();
			await deliverWebhooks(t.deps);
			[d] = await listDeliveries(t.deps, admin, e.id);
			const second = (new Date(d.nextAttemptAt!).getTime() - t.clock.now.getTime()) / 1000;
			expect(second >= 270 && second <= 330).toBe(true);

			await dueNow();
			await deliverWebhooks(t.deps);
			[d] = await listDeliveries(t.deps, admin, e.id);
			expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
			expect(rx.received).toHaveLength(3);
			expect(new Set(rx.received.map((r) => r.id)).size).toBe(1);
			expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
			expect(rx.received.every((r) => r.verified)).toBe(true);
		});

		it('cuts a receiver that never answers at the 10 s timeout, drops its connection and retries under the same webhook-id', async () => {
			expect(DELIVERY_TIMEOUT_MS).toBe(10_000); // docs/api.md's figure, and the one this test waits out for real
			const e = await createWebhook(t.deps, admin, { url: rx.url(), events: ['ticket.called'] });
			rx.trust(e.secret);
			rx.script.push(HANG);
			await issueAndCall(unitA);
			await pump();
			let [d] = await listDeliveries(t.deps, admin, e.id);
			expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: `No answer within ${DELIVERY_TIMEOUT_MS} ms` });
			expect(rx.hangs.open).toBe(1);
			await vi.waitFor(() => expect(rx.hangs.droppedBySender).toBe(1));
			const wait = (new Date(d.nextAttemptAt!).getTime() - t.clock.now.getTime()) / 1000;
			expect(wait >= 4.5 && wait <= 5.5).toBe(true);

			await dueNow();
			await deliverWebhooks(t.deps);
			[d] = await listDeliveries(t.deps, admin, e.id);
			expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null });
			expect(rx.received).toHaveLength(2);
			expect(new Set(rx.received.map((r) => r.id)).size).toBe(1);
			expect(rx.received.every((r) => r.verified)).toBe(true);
		});

		it('counts a redirect as a refusal and never follows it', async () => {
			const e = await createWebhook(t.deps, admin, { url: rx.url(), events: ['ticket.called'] });
			rx.script.push(302);
			await issueAndCall(unitA);
			await pump();
			expect(rx.received.map((r) => r.path)).toEqual(['/hook']);
			expect((await listDeliveries(t.deps, admin, e.id))[0]).toMatchObject({ status: 'pending', lastStatus: 302 });
		});

		it('disables an endpoint that answers 410 Gone: nothing more is queued for it', async () => {
			const e = await createWebhook(t.deps, admin, { url: rx.url(), events: ['ticket.called'] });
			rx.script.push(410);
			await issueAndCall(unitA);
			await pump();
			expect((await listDeliveries(t.deps, admin, e.id))[0]).toMatchObject({ status: 'failed', lastStatus: 410 });
			expect((await listWebhooks(t.deps, admin)).find((w) => w.id === e.id)).toMatchObject({ status: 'disabled', disabledReason: 'the endpoint answered 410 Gone' });
			await issueAndCall(unitA);
			await pump();
			expect(rx.received).toHaveLength(1);
			expect(await listDeliveries(t.deps, admin, e.id)).toHaveLength(1);
			expect(await codeOf(sendTestEvent(t.deps, admin, e.id))).toBe('conflict');

			// Enabled again by hand, it receives the next events.
			await setWebhookEnabled(t.deps, admin, e.id, true);
			await issueAndCall(unitA);
			await pump();
			expect(rx.received).toHaveLength(2);
		});

		it('redelivers by hand with the same webhook-id and body, and sends a test event; both audited', async () => {
			const e = await createWebhook(t.deps, admin, { url: rx.url(), events: ['counter.opened'] });
			rx.trust(e.secret);
			const test = await sendTestEvent(t.deps, admin, e.id);
			await deliverWebhooks(t.deps);
			expect(rx.received[0]).toMatchObject({ id: test.id, verified: true, payload: { type: 'webhook.test', data: { webhookId: e.id } } });
			const again = await redeliver(t.deps, admin, e.id, test.id);
			expect(again).toMatchObject({ id: test.id, status: 'pending', attempts: 0 });
			await deliverWebhooks(t.deps);
			expect(rx.received).toHaveLength(2);
			expect(rx.received[1].id).toBe(rx.received[0].id);
			expect(rx.received[1].body).toBe(rx.received[0].body);
			expect(rx.received[1].verified).toBe(true);
			expect(await codeOf(redeliver(t.deps, admin, e.id, 'msg_nope'))).toBe('delivery_not_found');
			const audit = await handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', e.id).orderBy('id').execute();
			expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.test', 'webhook.redeliver']);
		});

		it('signs with both secrets while a rotation overlaps, then with the new one only', async () => {
			const e = await createWebhook(t.deps, admin, { url: rx.url(), events: ['counter.opened'] });
			const rotated = await rotateWebhookSecret(t.deps, admin, e.id);
			expect(rotated.secret).not.toBe(e.secret);
			rx.trust(e.secret, rotated.secret);
			await sendTestEvent(t.deps, admin, e.id);
			await deliverWebhooks(t.deps);
			expect(rx.received[0].signature.split(' ')).toHaveLength(2);
			expect(rx.received[0].verified).toBe(true);

			// The overlap ends.
			await handle.db.updateTable('webhook_endpoints').set({ previous_until: new Date(Date.now() - 1000) }).where('id', '=', e.id).execute();
			rx.trust(rotated.secret);
			await sendTestEvent(t.deps, admin, e.id);
			await deliverWebhooks(t.deps);
			expect(rx.received[1].signature.split(' ')).toHaveLength(1);
			expect(rx.received[1].verified).toBe(true);
			expect(() => new Webhook(e.secret).verify(rx.received[1].body, { 'webhook-id': rx.received[1].id, 'webhook-timestamp': rx.received[1].timestamp, 'webhook-signature': rx.received[1].signature })).toThrow();
		});

		it('removing an endpoint stops its pending deliveries', async () => {
			const e = await createWebhook(t.deps, admin, { url: rx.url(), events: ['ticket.called'] });
			rx.script.push(500);
			await issueAndCall(unitA);
			await pump();
			await removeWebhook(t.deps, admin, e.id);
			await dueNow();
			expect(await deliverWebhooks(t.deps)).toMatchObject({ claimed: 0 });
			expect(rx.received).toHaveLength(1);
			expect(await codeOf(listDeliveries(t.deps, admin, e.id))).toBe('webhook_not_found');
		});
	});
}
