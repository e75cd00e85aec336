import type { Deps } from '$lib/server/deps';
import { activePriorityGroups } from './store.server';
import type { PriorityView } from './views';

/** The priority groups a kiosk offers, highest weight first; `normal` has weight 0. */
export async function listPriorities(deps: Deps): Promise<PriorityView[]> {
	const groups = await activePriorityGroups(deps.db);
	return groups.map((g) => ({
		code: g.code,
		name: g.name,
		weight: g.weight,
		requiresDocument: g.requiresDocument,
		legalBasis: g.legalBasis
	}));
}
