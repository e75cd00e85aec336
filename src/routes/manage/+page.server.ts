import { manageScreen } from '$lib/stats/manage-screen.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const screen = await manageScreen(event.locals.deps, event.locals.actor);
		// Any change in one of the units (issue, call, finish, a counter paused) re-runs this load.
		for (const u of screen.overview.units) event.depends(`vez:unit:${u.unit.slug}`);
		return screen;
	});
