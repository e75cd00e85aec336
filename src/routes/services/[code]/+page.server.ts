import { serviceEntry } from '$lib/catalogue/catalogue-views.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({ service: await serviceEntry(event.locals.deps, event.params.code) }));
