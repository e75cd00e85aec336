import { counterConsole } from '$lib/queue/counter-console.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const unit = event.url.searchParams.get('unit');
		// Every change in the unit (a ticket issued, a call, a counter paused) re-runs this load.
		if (unit) event.depends(`vez:unit:${unit}`);
		const console = await counterConsole(event.locals.deps, event.locals.actor, {
			unit: unit || null,
			counter: event.url.searchParams.get('counter') || null
		});
		if (console.unit && console.unit.slug !== unit) event.depends(`vez:unit:${console.unit.slug}`);
		return { console };
	});
