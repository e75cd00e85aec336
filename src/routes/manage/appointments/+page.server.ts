import { fail } from '@sveltejs/kit';
import { submitCapacityEditor } from '$lib/appointments/capacity-editor.server';
import { draftFromCapacity, draftFromForm } from '$lib/appointments/capacity-form';
import { closeDate } from '$lib/appointments/capacity.server';
import { appointmentDay } from '$lib/appointments/day-view.server';
import { optional, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const p = event.url.searchParams;
		const day = await appointmentDay(event.locals.deps, event.locals.actor, p.get('unit'), p.get('date'), { via: 'screen /manage/appointments' });
		const editors = Object.fromEntries(day.services.map((s) => [s.code, draftFromCapacity(s.capacity)]));
		return { day, editors };
	});

export const actions: Actions = {
	capacity: async (event) => {
		const form = await readForm(event.request);
		const service = str(form, 'service');
		const result = await forAction(() => submitCapacityEditor(event.locals.deps, event.locals.actor, form));
		if ('saved' in result) return { saved: service };
		if ('draft' in result) return { service, draft: result.draft };
		// The editor comes back as typed, each error next to its field.
		return fail(result.status, { ...result.data, service, draft: draftFromForm(form) });
	},
	close: async (event) => {
		const form = await readForm(event.request);
		const service = str(form, 'service');
		const result = await forAction(() =>
			closeDate(event.locals.deps, event.locals.actor, str(form, 'unit'), service, {
				date: str(form, 'date'),
				reason: optional(form, 'reason')
			})
		);
		return 'template' in result ? { saved: service } : result;
	}
};
