import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { PROTOCOL_KINDS } from './protocol';

/** What the "Abrir protocolo" form offers: every active service of the catalogue and the kinds. */
export async function protocolFormOptions(deps: Deps, actor: Actor) {
	authorize(actor, 'protocol:create');
	const services = await deps.db
		.selectFrom('services')
		.select(['code', 'name', 'anonymous_allowed'])
		.where('active', '=', true)
		.orderBy('name')
		.execute();
	return {
		services: services.map((s) => ({ code: s.code, name: s.name, anonymousAllowed: s.anonymous_allowed })),
		kinds: PROTOCOL_KINDS
	};
}

/** The organs a protocol may be forwarded to, for organ staff's status form. */
export async function forwardTargets(deps: Deps, actor: Actor) {
	if (actor.kind !== 'user') throw new VezError('unauthenticated', 'Sign in first.');
	return deps.db.selectFrom('organs').select(['code', 'name', 'acronym']).orderBy('name').execute();
}
