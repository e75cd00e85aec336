import { listFailedMessages, retryFailedMessage } from '$lib/notify/failed-messages.server';
import { str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, async () => ({ messages: await listFailedMessages(event.locals.deps, event.locals.actor) }));

export const actions: Actions = {
	retry: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await retryFailedMessage(locals.deps, locals.actor, str(form, 'id'));
			return { retried: true };
		});
	}
};
