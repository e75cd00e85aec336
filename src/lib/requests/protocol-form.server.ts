import { organChoices, organCodeById } from '$lib/organs/store.server';
import { routeRegions, serviceChoices } from '$lib/catalogue/store.server';
import { unitRegions } from '$lib/units/store.server';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { PROTOCOL_KINDS } from './protocol';
import { protocolAccess, readsNothing } from './protocol-access.server';
import { findProtocol } from './find-protocol.server';

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

/**
 * A protocol's page in the inbox: the protocol (an audited read, refused like any other out of
 * reach) and the organs organ staff's status form may forward it to.
 */
export async function inboxProtocolPage(deps: Deps, actor: Actor, number: string) {
	const protocol = await findProtocol(deps, actor, number, {}, { via: 'screen /inbox/[number]' });
	if (actor.kind !== 'user') throw new VezError('unauthenticated', 'Sign in first.');
	return { protocol, organs: await organChoices(deps.db) };
}
