import { broadcastScreen, sendBroadcast } from '$lib/conversations/broadcasts.server';
import { str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, () => broadcastScreen(event.locals.deps, event.locals.actor));

export const actions: Actions = {
	send: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const sent = await sendBroadcast(locals.deps, locals.actor, { template: str(form, 'template'), target: str(form, 'target'), when: str(form, 'when'), detail: str(form, 'detail') });
			return { sent };
		});
	}
};
