import { lastCalls } from '$lib/queue/queue-views.server';
import { forPage } from '$lib/server/http/page';
import { unitBySlug } from '$lib/units/store.server';
import type { PageServerLoad } from './$types';

/** Enough history to fill the panel after repeated numbers (recalls) and a counter filter are taken out. */
const HISTORY = 30;

/** The TV panel's snapshot: the unit and its last calls; re-run on every (re)connection. */
export const load: PageServerLoad = (event) => {
	const slug = event.params.unit;
	event.depends(`vez:panel:${slug}`);
	return forPage(event, async () => {
		const deps = event.locals.deps;
		const [unit, calls] = await Promise.all([unitBySlug(deps.db, slug), lastCalls(deps, slug, { limit: HISTORY })]);
		return { unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone }, calls };
	});
};
