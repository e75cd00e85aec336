import { organChoices, organCodeById } from '$lib/organs/store.server';
import { routeRegions, serviceChoices } from '$lib/catalogue/store.server';
import { unitRegions } from '$lib/units/store.server';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { PROTOCOL_KINDS } from './protocol';
import { protocolAccess, readsNothing } from './protocol-access.server';

/** What the "Abrir protocolo" form offers: every active service of the catalogue and the kinds. */
export async function protocolFormOptions(deps: Deps, actor: Actor) {
	authorize(actor, 'protocol:create');
	return { services: await serviceChoices(deps.db), kinds: PROTOCOL_KINDS };
}

/**
 * What the inbox filters offer: the catalogue's services, the regions protocols are routed by,
 * the organs (for readers of every inbox) and the room of the inbox being shown (the organ's
 * code) for live updates.
 */
export async function inboxFilterOptions(deps: Deps, actor: Actor, organCode: string | undefined) {
	const access = await protocolAccess(deps.db, actor);
	if (readsNothing(access)) throw new VezError(actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'You cannot read protocols.');
	const [services, ofUnits, ofRoutes, own, organs] = await Promise.all([
		serviceChoices(deps.db).then((all) => all.map(({ code, name }) => ({ code, name }))),
		unitRegions(deps.db),
		routeRegions(deps.db),
		access.inbox ? organCodeById(deps.db, access.inbox.organId) : null,
		// Readers beyond one inbox (clerks, managers, admins) may narrow the list to an organ.
		access.inbox ? [] : organChoices(deps.db)
	]);
	const regions = [...new Set([...ofUnits, ...ofRoutes].map((r) => r.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'pt-BR'));
	return { services, regions, organs, room: own ? `inbox:${own}` : organCode ? `inbox:${organCode}` : null };
}

/** The organs a protocol may be forwarded to, for organ staff's status form. */
export async function forwardTargets(deps: Deps, actor: Actor) {
	if (actor.kind !== 'user') throw new VezError('unauthenticated', 'Sign in first.');
	return organChoices(deps.db);
}
