import { kioskScreen } from '$lib/queue/kiosk-screen.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	event.depends(`vez:kiosk:${event.params.unit}`);
	return forPage(event, () => kioskScreen(event.locals.deps, event.params.unit));
};
