import { auditEntities, searchAudit } from '$lib/server/audit';
import { forPage } from '$lib/server/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const q = event.url.searchParams;
		const filter = Object.fromEntries(['entity', 'entityId', 'actor', 'from', 'to'].map((k) => [k, q.get(k)?.trim() || undefined]));
		return {
			filter,
			entries: await searchAudit(event.locals.deps, event.locals.actor, filter),
			entities: await auditEntities(event.locals.deps, event.locals.actor)
		};
	});
