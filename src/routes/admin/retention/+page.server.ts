import { retentionForAdmin, setRetention } from '$lib/citizens/retention.server';
import { numOrNull } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, async () => ({ retention: await retentionForAdmin(event.locals.deps, event.locals.actor) }));

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await setRetention(locals.deps, locals.actor, { anonymiseAfterMonths: numOrNull(form, 'months') });
			return { saved: true };
		});
	}
};
