import type { Deps } from '$lib/server/deps';
import { activeUnits } from '$lib/units/store.server';
import type { Actor } from './actor';
import { listTokens } from './tokens.server';
import { listUsers } from './users.server';

/** What the admin screen shows: people, device tokens, and the units and organs to pick from. */
export async function adminOverview(deps: Deps, actor: Actor) {
	const [users, tokens] = await Promise.all([listUsers(deps, actor), listTokens(deps, actor)]);
	const units = (await activeUnits(deps.db)).map((u) => ({ slug: u.slug, name: u.name }));
	const organs = await deps.db.selectFrom('organs').select(['code', 'name', 'acronym']).orderBy('name').execute();
	return { users, tokens, units, organs };
}
