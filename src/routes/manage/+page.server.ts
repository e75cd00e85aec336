import { liveOverview } from '$lib/stats/live.server';
import { todayAppointmentCounts } from '$lib/appointments/day-view.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const overview = await liveOverview(event.locals.deps, event.locals.actor);
		// Any change in one of the units (issue, call, finish, a counter paused) re-runs this load.
		for (const u of overview.units) event.depends(`vez:unit:${u.unit.slug}`);
		const appointments = await todayAppointmentCounts(event.locals.deps, overview.units.map((u) => u.unit.slug));
		return { overview, appointments };
	});
