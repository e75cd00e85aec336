import type { Lang } from '$lib/i18n';

/** The ways a visitor may ask to be told, as docs/api.md#visitor-messages names them. */
export const CHANNELS = ['sms', 'whatsapp', 'webpush'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
	return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/**
 * What Vez tells a visitor, as data: each adapter turns it into its provider's shape (a WhatsApp
 * template with positional parameters, an SMS text, a push payload). Only what the visitor's
 * own message shows: the ticket number, counts, the counter's and unit's names — never a name or
 * document of the person.
 */
export type VisitorMessage =
	| { kind: 'near'; lang: Lang; number: string; ahead: number; unit: string }
	| { kind: 'called'; lang: Lang; number: string; counter: string; unit: string }
	| { kind: 'reminder'; lang: Lang; service: string; unit: string; when: string; code: string };

export type MessageKind = VisitorMessage['kind'];

/**
 * How a send went, in the terms the outbox acts on: `retry` (the provider or the network failed
 * for now), `give_up` (the request itself is wrong and would fail the same way again: a dead
 * letter), `gone` (the address no longer exists: forget it, as Web Push's 410 says).
 */
export type SendOutcome =
	| { ok: true; providerMessageId: string | null }
	| { ok: false; verdict: 'retry' | 'give_up' | 'gone'; error: string; status: number | null };

/**
 * One way out to a visitor. `to` is an E.164 phone number for SMS and WhatsApp, the push
 * subscription's JSON for Web Push. The same implementation runs in production, in the tests and
 * in the demo, pointed at the provider or at a local stand-in by its base URL.
 */
export interface Notifier {
	readonly channel: Channel;
	/** The provider's name, for logs and the manager's failure count. */
	readonly provider: string;
	send(to: string, message: VisitorMessage): Promise<SendOutcome>;
}
