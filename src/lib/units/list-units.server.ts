import type { Deps } from '$lib/server/deps';
import { acceptsTicketsAt } from './hours';
import { activeUnits } from './store.server';
import type { UnitView } from './views';

/** The public list of units, with whether each takes tickets right now (its hours, in its own time zone). */
export async function listUnits(deps: Deps): Promise<UnitView[]> {
	const now = deps.now();
	const units = await activeUnits(deps.db);
	return units.map((u) => ({
		slug: u.slug,
		name: u.name,
		address: u.address,
		region: u.region,
		timezone: u.timezone,
		open: acceptsTicketsAt(u, now),
		hours: u.openingHours
	}));
}
