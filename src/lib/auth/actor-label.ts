import { TOKEN_KINDS, type Actor, type TokenKind } from './actor';

/*
 * Records keep who acted as a short label (`user:ana`, `kiosk:Totem 1`, `anonymous`,
 * `system:retention`); screens read it back to say it in words. Both directions live here. Pure.
 */

/** The label records keep for who acted. */
export function actorLabel(actor: Actor): string {
	if (actor.kind === 'user') return `user:${actor.username}`;
	if (actor.kind === 'device') return `${actor.tokenKind}:${actor.name}`;
	return 'anonymous';
}

export type ActorOfLabel =
	| { kind: 'person'; username: string }
	| { kind: 'device'; tokenKind: TokenKind; name: string }
	| { kind: 'citizen' }
	| { kind: 'system'; job: string }
	| { kind: 'unknown'; label: string };

/** What a stored actor label stands for. */
export function readActorLabel(label: string): ActorOfLabel {
	if (label === 'anonymous') return { kind: 'citizen' };
	const colon = label.indexOf(':');
	const [prefix, rest] = colon < 0 ? [label, ''] : [label.slice(0, colon), label.slice(colon + 1)];
	if (prefix === 'user' && rest) return { kind: 'person', username: rest };
	if (prefix === 'system') return { kind: 'system', job: rest };
	if ((TOKEN_KINDS as readonly string[]).includes(prefix)) return { kind: 'device', tokenKind: prefix as TokenKind, name: rest };
	return { kind: 'unknown', label };
}
