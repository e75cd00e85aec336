import { organChoices } from '$lib/organs/store.server';
import type { Deps } from '$lib/server/deps';
import { activeUnits } from '$lib/units/store.server';
import type { Actor } from './actor';
import { listTokens } from './tokens.server';
import { listUsers } from './users.server';

async function choices(deps: Deps) {
	const units = (await activeUnits(deps.db)).map((u) => ({ slug: u.slug, name: u.name }));
	const organs = await organChoices(deps.db);
	return { units, organs };
}

/** The tokens screen: device and integration tokens, and the units a token can belong to. */
export async function tokensOverview(deps: Deps, actor: Actor) {
	const tokens = await listTokens(deps, actor);
	return { tokens, units: (await choices(deps)).units };
}

/** The users screen: people, and the units and organs to pick from. */
export async function usersOverview(deps: Deps, actor: Actor) {
	const users = await listUsers(deps, actor);
	return { users, ...(await choices(deps)) };
}
