import { listOrgans, saveOrgan } from '$lib/organs/admin-organs.server';
import { bool, optionalOrNull, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, async () => ({ organs: await listOrgans(event.locals.deps, event.locals.actor) }));

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await saveOrgan(locals.deps, locals.actor, optionalOrNull(form, 'current'), {
				code: str(form, 'code').trim(),
				name: str(form, 'name'),
				acronym: str(form, 'acronym'),
				ombudsman: bool(form, 'ombudsman')
			});
			return { saved: true };
		});
	}
};
