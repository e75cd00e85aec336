import { panelScreen } from '$lib/queue/panel-screen.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

/** The TV panel's snapshot: the unit and its last calls; re-run on every (re)connection. */
export const load: PageServerLoad = (event) => {
	event.depends(`vez:panel:${event.params.unit}`);
	return forPage(event, () => panelScreen(event.locals.deps, event.params.unit));
};
