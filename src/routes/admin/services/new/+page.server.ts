import { redirect } from '@sveltejs/kit';
import { saveService, serviceFormChoices } from '$lib/catalogue/admin-catalogue.server';
import { serviceFromForm } from '$lib/catalogue/service-form.server';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, () => serviceFormChoices(event.locals.deps, event.locals.actor));

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		const result = await forAction(() => saveService(locals.deps, locals.actor, null, serviceFromForm(form)));
		if ('code' in result) redirect(303, `/admin/services/${result.code}`);
		return result;
	}
};
