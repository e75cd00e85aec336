// Web Push, our side of the wire: the real adapter (web-push builds the request, our guarded POST
// sends it) against a local stand-in push service that records each request and answers as RFC
// 8030 push services do; the test reads the VAPID token and decrypts the aes128gcm body itself
// (RFC 8291), with the subscription's private key as only the browser would hold it.
import { createECDH, createPublicKey, hkdfSync, randomBytes, createDecipheriv, verify, type ECDH } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { errorOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { callTicket } from '../../../src/lib/queue/call-ticket.server';
import { cancelTicket, finishTicket, startTicket } from '../../../src/lib/queue/ticket-actions.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { dispatchEvents } from '../../../src/lib/events/dispatch.server';
import { queueVisitorMessages } from '../../../src/lib/notify/queue-messages.server';
import { drainVisitorMessages } from '../../../src/lib/notify/send-messages.server';
import { ticketWatches, watchTicket } from '../../../src/lib/notify/watch-ticket.server';
import { messagesOfTicket } from '../../../src/lib/notify/store.server';

const ORIGIN = 'http://vez.test';

interface PushRequest {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** A push service on loopback: records every request; answers 201 unless told otherwise per path. */
async function startPushService() {
	const requests: PushRequest[] = [];
	const answers = new Map<string, number[]>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const path = req.url ?? '';
			requests.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
			const status = answers.get(path)?.shift() ?? 201;
			res.writeHead(status, status === 201 ? { location: `${path}/messages/${requests.length}` } : {});
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		base,
		requests,
		answer: (path: string, ...statuses: number[]) => answers.set(path, statuses),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** A browser's subscription: its key pair and auth secret stay here, as in the browser. */
function browserSubscription(endpoint: string) {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	const auth = randomBytes(16);
	return { ecdh, auth, json: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } } };
}

/** RFC 8291 / RFC 8188: the one-record aes128gcm body decrypted with the subscription's private key. */
function decrypt(body: Buffer, ecdh: ECDH, auth: Buffer): string {
	const salt = body.subarray(0, 16);
	const idlen = body[20];
	const senderKey = body.subarray(21, 21 + idlen);
	const record = body.subarray(21 + idlen);
	const secret = ecdh.computeSecret(senderKey);
	const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
	const ikm = Buffer.from(hkdfSync('sha256', secret, auth, keyInfo, 32));
	const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
	const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
	const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
	decipher.setAuthTag(record.subarray(record.length - 16));
	const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
	let end = plain.length - 1;
	while (plain[end] === 0) end--;
	expect(plain[end]).toBe(2); // the last record's padding delimiter
	return plain.subarray(0, end).toString('utf8');
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`; the JWT's ES256 signature checked with that key. */
function vapidClaims(authorization: string | undefined, publicKey: string): Record<string, unknown> {
	const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
	expect(m, authorization).not.toBeNull();
	const [, header, payload, signature, k] = m!;
	expect(k).toBe(publicKey);
	const raw = Buffer.from(k, 'base64url');
	const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
	expect(verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
	expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ typ: 'JWT', alg: 'ES256' });
	return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

for (const engine of engines()) {
	describe(`web push on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let clerk: Actor;
		let push: Awaited<ReturnType<typeof startPushService>>;
		const vapid = webpush.generateVAPIDKeys();
		const webpushSettings = { publicKey: vapid.publicKey, privateKey: vapid.privateKey, subject: 'mailto:ouvidoria@vez.test', allowPrivate: true };

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			push = await startPushService();
			t.deps.config = { ...t.deps.config, providers: { whatsapp: null, sms: null, webpush: webpushSettings } };
			unit = await givenUnit(handle.db, { counters: 1 });
			clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu] });
		});
		afterAll(async () => {
			await push.close();
			await handle.close();
		});
		beforeEach(() => void push.requests.splice(0));

		const pump = async () => {
			await dispatchEvents(handle.db, [queueVisitorMessages], t.clock.now);
			return drainVisitorMessages(t.deps);
		};
		const tick = (seconds: number) => (t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000));
		const issue = () => {
			tick(1);
			return issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN);
		};
		const watch = (publicId: string, subscription: unknown, ahead = 3) => watchTicket(t.deps, publicId, { channel: 'webpush', subscription, ahead }, { lang: 'pt-BR', source: 'ticket_page' });

		it('offers push with the VAPID public key, and sends near and called encrypted to the subscription with TTL, urgency and a signed VAPID token', async () => {
			expect(await ticketWatches(t.deps, 'unknown')).toMatchObject({ channels: ['webpush'], vapidPublicKey: vapid.publicKey });
			const first = await issue();
			const mine = await issue();
			const browser = browserSubscription(`${push.base}/push/mine`);
			expect(await watch(mine.publicId, browser.json)).toEqual({ channel: 'webpush', ahead: 3, phone: null });
			expect(await pump()).toMatchObject({ sent: 1 });

			expect(push.requests).toHaveLength(1);
			const [near] = push.requests;
			expect(near.path).toBe('/push/mine');
			expect(near.headers).toMatchObject({ ttl: '600', urgency: 'high', 'content-encoding': 'aes128gcm', 'content-type': 'application/octet-stream' });
			const claims = vapidClaims(near.headers.authorization, vapid.publicKey);
			expect(claims).toMatchObject({ aud: push.base, sub: 'mailto:ouvidoria@vez.test' });
			expect(claims.exp).toEqual(expect.any(Number));
			expect(JSON.parse(decrypt(near.body, browser.ecdh, browser.auth))).toEqual({
				title: `Vez — ${mine.number}`,
				body: `Senha ${mine.number}: faltam 1 antes de você em Unidade ${unit.slug}. Volte para a unidade; avisaremos aqui quando for chamada.`,
				lang: 'pt-BR'
			});

			// The push service fails for now: the call is retried and arrives.
			await callTicket(t.deps, clerk, unit.counters[0].id, { ticket: first.id });
			await startTicket(t.deps, clerk, first.id);
			await finishTicket(t.deps, clerk, first.id, { outcome: 'resolved' });
			push.answer('/push/mine', 500);
			await callTicket(t.deps, clerk, unit.counters[0].id, { ticket: mine.id });
			expect(await pump()).toMatchObject({ retried: 1, sent: 0 });
			tick(30);
			expect(await pump()).toMatchObject({ sent: 1 });
			expect(push.requests).toHaveLength(3);
			expect(JSON.parse(decrypt(push.requests[2].body, browser.ecdh, browser.auth)).body).toBe(`Sua senha ${mine.number} foi chamada: dirija-se ao Guichê 1 em Unidade ${unit.slug}.`);
			await startTicket(t.deps, clerk, mine.id);
			await finishTicket(t.deps, clerk, mine.id, { outcome: 'resolved' });
		});

		it('forgets a subscription the push service says is gone (410), and dead-letters a refused request (400)', async () => {
			const gone = await issue();
			const browser = browserSubscription(`${push.base}/push/gone`);
			push.answer('/push/gone', 410);
			await watch(gone.publicId, browser.json);
			expect(await pump()).toMatchObject({ failed: 1 });
			const row = await handle.db.selectFrom('ticket_watches').select(['push_subscription', 'stopped_at']).where('ticket_id', '=', gone.id).executeTakeFirstOrThrow();
			expect(row.push_subscription).toBeNull();
			expect(row.stopped_at).not.toBeNull();
			expect((await messagesOfTicket(handle.db, gone.id)).map((m) => [m.status, m.lastError])).toEqual([['failed', 'HTTP 410']]);

			const refused = await issue();
			push.answer('/push/refused', 400);
			await watch(refused.publicId, browserSubscription(`${push.base}/push/refused`).json);
			expect(await pump()).toMatchObject({ failed: 1 });
			tick(3600);
			expect(await pump()).toMatchObject({ claimed: 0 });
			expect(push.requests.filter((r) => r.path === '/push/refused')).toHaveLength(1);
			for (const x of [gone, refused]) await cancelTicket(t.deps, clerk, x.id);
		});

		it('never posts to a loopback endpoint unless private addresses are allowed, and is not offered without VAPID keys', async () => {
			t.deps.config = { ...t.deps.config, providers: { whatsapp: null, sms: null, webpush: { ...webpushSettings, allowPrivate: false } } };
			const a = await issue();
			await watch(a.publicId, browserSubscription(`${push.base}/push/inside`).json);
			expect(await pump()).toMatchObject({ failed: 1 });
			expect(push.requests).toEqual([]);
			expect((await messagesOfTicket(handle.db, a.id))[0].lastError).toContain('loopback');

			t.deps.config = { ...t.deps.config, providers: { whatsapp: null, sms: null, webpush: null } };
			expect((await errorOf(watch(a.publicId, browserSubscription(`${push.base}/push/x`).json))).code).toBe('channel_unavailable');
			expect((await ticketWatches(t.deps, a.publicId)).vapidPublicKey).toBeNull();
			t.deps.config = { ...t.deps.config, providers: { whatsapp: null, sms: null, webpush: webpushSettings } };
			await cancelTicket(t.deps, clerk, a.id);
		});
	});
}
