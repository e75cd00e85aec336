import webpush from 'web-push';
import { OutboundRefused, postGuarded } from '$lib/net/outbound.server';
import type { Notifier, SendOutcome, VisitorMessage } from './notifier';
import { verdictForStatus } from './provider-errors';
import { PROVIDER_TIMEOUT_MS } from './provider-http.server';
import { messageText } from './templates';

export interface WebPushConfig {
	publicKey: string;
	privateKey: string;
	/** A `mailto:` or `https:` contact the push services may use (RFC 8292). */
	subject: string;
	/** Push services on loopback or private addresses (VEZ_WEBPUSH_ALLOW_PRIVATE: a local push service, the tests). */
	allowPrivate: boolean;
}

/**
 * A "near" or "called" is worth minutes: a push service keeps an undelivered one this long
 * (RFC 8030 TTL), then drops it rather than wake a phone with an old turn.
 */
export const PUSH_TTL_SECONDS = 600;

/** What the ticket page's service worker shows (static/ticket-sw.js reads these fields). */
export function pushPayload(message: VisitorMessage): string {
	const title = message.kind === 'reminder' ? 'Vez' : `Vez — ${message.number}`;
	return JSON.stringify({ title, body: messageText(message), lang: message.lang });
}

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and the aes128gcm payload encryption (RFC 8291):
 * `web-push` builds the request — the encrypted body, `TTL`, `Urgency`, `Content-Encoding` and the
 * `vapid t=…, k=…` authorization — and it goes out through the same guarded POST as webhooks,
 * since a subscription's endpoint comes from a visitor's browser, not from the operator: a
 * private or loopback address is refused at connect time. 404 and 410 mean the browser dropped
 * the subscription (`gone`); 429 and 5xx are retried; any other answer would fail again.
 */
export function webPushNotifier(config: WebPushConfig): Notifier {
	const vapidDetails = { subject: config.subject, publicKey: config.publicKey, privateKey: config.privateKey };
	return {
		channel: 'webpush',
		provider: 'webpush',
		async send(to: string, message: VisitorMessage): Promise<SendOutcome> {
			let request: ReturnType<typeof webpush.generateRequestDetails>;
			try {
				request = webpush.generateRequestDetails(JSON.parse(to), pushPayload(message), { vapidDetails, TTL: PUSH_TTL_SECONDS, urgency: 'high', contentEncoding: 'aes128gcm' });
			} catch (e) {
				return { ok: false, verdict: 'give_up', status: null, error: `unusable subscription: ${e instanceof Error ? e.message : String(e)}` };
			}
			const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
			try {
				const answer = await postGuarded(request.endpoint, { headers, body: request.body ?? Buffer.alloc(0), timeoutMs: PROVIDER_TIMEOUT_MS, allowPrivate: config.allowPrivate, excerptBytes: 512 });
				if (answer.status >= 200 && answer.status < 300) return { ok: true, providerMessageId: null };
				const error = `HTTP ${answer.status}${answer.excerpt ? `: ${answer.excerpt.slice(0, 200)}` : ''}`;
				if (answer.status === 404 || answer.status === 410) return { ok: false, verdict: 'gone', status: answer.status, error };
				return { ok: false, verdict: verdictForStatus(answer.status), status: answer.status, error };
			} catch (e) {
				if (!(e instanceof OutboundRefused)) throw e;
				// An endpoint on a refused address or a malformed URL fails the same way every time.
				const permanent = e.reason === 'address_refused' || e.reason === 'invalid_url';
				return { ok: false, verdict: permanent ? 'give_up' : 'retry', status: null, error: e.message };
			}
		}
	};
}
