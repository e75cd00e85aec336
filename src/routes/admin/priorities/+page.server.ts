import { prioritiesForAdmin, savePriorityGroup } from '$lib/units/admin-priorities.server';
import { bool, num, optionalOrNull, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, async () => ({ groups: await prioritiesForAdmin(event.locals.deps, event.locals.actor) }));

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await savePriorityGroup(locals.deps, locals.actor, optionalOrNull(form, 'current'), {
				code: str(form, 'code').trim(),
				name: str(form, 'name'),
				weight: num(form, 'weight'),
				requiresDocument: bool(form, 'requiresDocument'),
				legalBasis: str(form, 'legalBasis'),
				sort: num(form, 'sort'),
				active: bool(form, 'active')
			});
			return { saved: true };
		});
	}
};
