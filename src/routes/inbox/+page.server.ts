import { listProtocols } from '$lib/requests/list-protocols.server';
import { forPage } from '$lib/server/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const filters = { status: event.url.searchParams.get('status') || undefined, overdue: event.url.searchParams.get('overdue') || undefined };
		return { filters, protocols: await listProtocols(event.locals.deps, event.locals.actor, filters) };
	});
