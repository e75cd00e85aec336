import { redirect } from '@sveltejs/kit';
import { deleteRoute, saveRoute, saveService, serviceForAdmin, serviceFormChoices } from '$lib/catalogue/admin-catalogue.server';
import { serviceFromForm } from '$lib/catalogue/service-form.server';
import { str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		...(await serviceForAdmin(event.locals.deps, event.locals.actor, event.params.code)),
		...(await serviceFormChoices(event.locals.deps, event.locals.actor))
	}));

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const form = await readForm(request);
		const result = await forAction(() => saveService(locals.deps, locals.actor, params.code, serviceFromForm(form)));
		if ('code' in result && result.code !== params.code) redirect(303, `/admin/services/${result.code}`);
		return 'code' in result ? { saved: true } : result;
	},
	route: async ({ request, locals, params }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await saveRoute(locals.deps, locals.actor, params.code, { region: str(form, 'region'), organ: str(form, 'organ'), team: str(form, 'team') });
			return { saved: true };
		});
	},
	deleteRoute: async ({ request, locals, params }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await deleteRoute(locals.deps, locals.actor, params.code, str(form, 'id'));
			return { saved: true };
		});
	}
};
