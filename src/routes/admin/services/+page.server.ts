import { listServicesForAdmin } from '$lib/catalogue/admin-catalogue.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, async () => ({ services: await listServicesForAdmin(event.locals.deps, event.locals.actor) }));
