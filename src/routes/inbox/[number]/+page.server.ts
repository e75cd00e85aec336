import { changeProtocolStatus } from '$lib/requests/change-protocol-status.server';
import { inboxProtocolPage } from '$lib/requests/protocol-form.server';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { bool, optional, str } from '$lib/server/http/form';

export const load: PageServerLoad = (event) => forPage(event, () => inboxProtocolPage(event.locals.deps, event.locals.actor, event.params.number));

export const actions: Actions = {
	status: async ({ request, locals, params, url }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await changeProtocolStatus(
				locals.deps,
				locals.actor,
				params.number,
				{ status: str(form, 'status'), note: str(form, 'note'), public: bool(form, 'public'), organ: optional(form, 'organ') },
				url.origin
			);
			return { changed: true };
		});
	}
};
