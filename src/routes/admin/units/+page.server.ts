import { redirect } from '@sveltejs/kit';
import { createUnit, listUnitsForAdmin } from '$lib/units/admin-units.server';
import { unitFromForm } from '$lib/units/unit-form.server';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, async () => ({ units: await listUnitsForAdmin(event.locals.deps, event.locals.actor) }));

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		const result = await forAction(() => createUnit(locals.deps, locals.actor, unitFromForm(form)));
		if ('slug' in result) redirect(303, `/admin/units/${result.slug}`);
		return result;
	}
};
