import { addHoliday, deleteHoliday, holidaysForAdmin } from '$lib/units/admin-holidays.server';
import { listUnitsForAdmin } from '$lib/units/admin-units.server';
import { num, optional, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		...(await holidaysForAdmin(event.locals.deps, event.locals.actor)),
		units: await listUnitsForAdmin(event.locals.deps, event.locals.actor)
	}));

/** The rule fields of the kind chosen; the others are ignored. */
function ruleFromForm(form: FormData) {
	const kind = str(form, 'kind');
	if (kind === 'date') return { kind, month: num(form, 'month'), day: num(form, 'day') };
	if (kind === 'easter_offset') return { kind, offset: num(form, 'offset') };
	return { kind, date: str(form, 'date') };
}

export const actions: Actions = {
	add: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const until = str(form, 'halfUntil').trim();
			await addHoliday(locals.deps, locals.actor, {
				...ruleFromForm(form),
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
