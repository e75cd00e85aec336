import { fail } from '@sveltejs/kit';
import { closeDate, setCapacity } from '$lib/appointments/capacity.server';
import { appointmentDay } from '$lib/appointments/day-view.server';
import { forAction, forPage } from '$lib/server/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const p = event.url.searchParams;
		return { day: await appointmentDay(event.locals.deps, event.locals.actor, p.get('unit'), p.get('date')) };
	});

export const actions: Actions = {
	capacity: async (event) => {
		const form = await event.request.formData();
		let body: unknown;
		try {
			body = JSON.parse(String(form.get('capacity') ?? ''));
		} catch {
			return fail(400, { error: { code: 'invalid_json', message: 'invalid_json' }, service: String(form.get('service') ?? '') });
		}
		const service = String(form.get('service') ?? '');
		const result = await forAction(() => setCapacity(event.locals.deps, event.locals.actor, String(form.get('unit') ?? ''), service, body));
		return 'template' in result ? { saved: service } : result;
	},
	close: async (event) => {
		const form = await event.request.formData();
		const service = String(form.get('service') ?? '');
		const result = await forAction(() =>
			closeDate(event.locals.deps, event.locals.actor, String(form.get('unit') ?? ''), service, {
				date: String(form.get('date') ?? ''),
				reason: String(form.get('reason') ?? '') || undefined
			})
		);
		return 'template' in result ? { saved: service } : result;
	}
};
