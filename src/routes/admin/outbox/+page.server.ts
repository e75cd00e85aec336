import { listOutbox, retryFailedMail } from '$lib/mail/list-outbox.server';
import { str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, () => listOutbox(event.locals.deps, event.locals.actor, { limit: event.url.searchParams.get('limit') ?? undefined }));

export const actions: Actions = {
	retry: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await retryFailedMail(locals.deps, locals.actor, str(form, 'id'));
			return { retried: true };
		});
	}
};
