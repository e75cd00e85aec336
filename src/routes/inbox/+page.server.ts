import { listProtocols } from '$lib/requests/list-protocols.server';
import { inboxFilterOptions } from '$lib/requests/protocol-form.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

const FILTERS = ['status', 'service', 'region', 'overdue', 'organ'] as const;

/** Filters are GET parameters, so a filtered inbox is a link; `vez:inbox` re-runs on live events. */
export const load: PageServerLoad = (event) => {
	event.depends('vez:inbox');
	return forPage(event, async () => {
		const filters = Object.fromEntries(FILTERS.map((k) => [k, event.url.searchParams.get(k) || undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
		const protocols = await listProtocols(event.locals.deps, event.locals.actor, filters);
		return { filters, protocols, ...(await inboxFilterOptions(event.locals.deps, event.locals.actor, filters.organ)) };
	});
};
