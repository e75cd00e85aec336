import { VezError } from '$lib/errors';
import { can, type Action, type Actor, type Scope } from './actor';

/** Throws `unauthenticated` for nobody and `forbidden` for someone without the right. */
export function authorize(actor: Actor, action: Action, scope: Scope = {}): void {
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in or send a valid token.');
	if (!can(actor, action, scope)) throw new VezError('forbidden', 'You are not allowed to do this here.');
}

export function requireUser(actor: Actor): Extract<Actor, { kind: 'user' }> {
	if (actor.kind !== 'user') throw new VezError('unauthenticated', 'Sign in first.');
	return actor;
}
