import type { Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import { todayAppointmentCounts } from '$lib/appointments/day-view.server';
import { liveOverview } from './live.server';

/**
 * The managers' live screen: the overview of every unit they may read statistics of (which
 * refuses a role without `stats:read`), and today's appointments of those units by status.
 */
export async function manageScreen(deps: Deps, actor: Actor) {
	const overview = await liveOverview(deps, actor);
	const appointments = await todayAppointmentCounts(deps, overview.units.map((u) => u.unit.slug));
	return { overview, appointments };
}
