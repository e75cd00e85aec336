import { addHoliday, deleteHoliday, holidaysForAdmin } from '$lib/units/admin-holidays.server';
import { num, optional, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, () => holidaysForAdmin(event.locals.deps, event.locals.actor));

export const actions: Actions = {
	add: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const until = str(form, 'halfUntil').trim();
			// Every kind's rule fields: the schema keeps those of the kind chosen and drops the others.
			await addHoliday(locals.deps, locals.actor, {
				kind: str(form, 'kind'),
				month: num(form, 'month'),
				day: num(form, 'day'),
				offset: num(form, 'offset'),
				date: str(form, 'date'),
				name: str(form, 'name'),
				half: until ? { until } : null,
				legalAct: optional(form, 'legalAct'),
				unit: optional(form, 'unit')
			});
			return { saved: true };
		});
	},
	delete: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await deleteHoliday(locals.deps, locals.actor, str(form, 'id'));
			return { saved: true };
		});
	}
};
