import { createHmac, timingSafeEqual } from 'node:crypto';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { readNotification } from './cloud-webhook';
import { CHAT_INBOUND, insertInbound, recordDelivery } from './message-store.server';
import { contactConversation } from './conversation-store.server';
import { publishConversation } from './publish.server';

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed by the app secret>`, compared in constant time. */
export function validSignature(appSecret: string, raw: Buffer, header: string | null): boolean {
	const m = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
	if (!m) return false;
	const expected = createHmac('sha256', appSecret).update(raw).digest();
	return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}

/** The header Meta would send for this body: what the virtual phone and the tests sign with. */
export function signatureOf(appSecret: string, raw: string | Buffer): string {
	return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/** Meta's subscription handshake: the challenge back when the mode and token are right, 403 otherwise. */
export function verifySubscription(deps: Deps, params: URLSearchParams): string {
	const token = deps.config.chat.verifyToken;
	const given = params.get('hub.verify_token') ?? '';
	const ok = token !== null && params.get('hub.mode') === 'subscribe' && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
	const challenge = params.get('hub.challenge');
	if (!ok || !challenge) throw new VezError('forbidden', 'Wrong verify token.');
	return challenge;
}

export interface Received {
	messages: number;
	duplicates: number;
	statuses: number;
}

/**
 * A notification from the Cloud API: the signature is checked over the raw bytes before anything
 * is parsed (403, and nothing stored or answered, when it is wrong or no app secret is set). Each
 * message is stored once by Meta's id — a re-delivery inserts nothing — as a job the bot takes
 * right after; delivery statuses update what we sent. Returns at once: the answer to Meta must
 * come within seconds, and the bot's lookups and the sends run in the jobs.
 */
export async function receiveWhatsApp(deps: Deps, raw: Buffer, signature: string | null): Promise<Received> {
	const secret = deps.config.chat.appSecret;
	if (!secret || !validSignature(secret, raw, signature)) throw new VezError('forbidden', 'Invalid signature.');
	let json: unknown;
	try {
		json = JSON.parse(raw.toString('utf8'));
	} catch {
		throw new VezError('invalid_json', 'The body is not JSON.');
	}
	const now = deps.now();
	const n = readNotification(json, now);
	const out: Received = { messages: 0, duplicates: 0, statuses: 0 };
	const touched = new Set<string>();
	for (const m of n.messages) {
		const stored = await deps.db.transaction().execute(async (trx) => {
			const { conversationId } = await contactConversation(trx, m.from, now);
			const fresh = await insertInbound(trx, { conversationId, waMessageId: m.id, body: m.body, input: m.input, at: m.at, now });
			return fresh ? conversationId : null;
		});
		if (stored) {
			out.messages += 1;
			touched.add(stored);
			announceJobQueued(CHAT_INBOUND.kind);
		} else out.duplicates += 1;
	}
	for (const s of n.statuses) if (await recordDelivery(deps.db, s.id, s.status, s.at)) out.statuses += 1;
	for (const id of touched) publishConversation(deps, id);
	return out;
}
