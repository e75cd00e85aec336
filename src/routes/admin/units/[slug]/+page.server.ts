import { redirect } from '@sveltejs/kit';
import { saveCounter, saveUnitService, unitForAdmin, updateCheckInSettings, updateReminderSettings, updateRemoteSettings, updateUnit } from '$lib/units/admin-units.server';
import { unitFromForm } from '$lib/units/unit-form.server';
import { pairCounterDisplay } from '$lib/queue/counter-display.server';
import { bool, num, numOrNull, optional, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, () => unitForAdmin(event.locals.deps, event.locals.actor, event.params.slug));

export const actions: Actions = {
	update: async ({ request, locals, params }) => {
		const form = await readForm(request);
		const result = await forAction(() => updateUnit(locals.deps, locals.actor, params.slug, unitFromForm(form)));
		if ('slug' in result && result.slug !== params.slug) redirect(303, `/admin/units/${result.slug}`);
		return 'slug' in result ? { saved: true } : result;
	},
	checkIn: async ({ request, locals, params }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await updateCheckInSettings(locals.deps, locals.actor, params.slug, {
				earlyMinutes: num(form, 'earlyMinutes'),
				lateMinutes: num(form, 'lateMinutes'),
				lateBecomesWalkIn: bool(form, 'lateBecomesWalkIn')
			});
			return { saved: true };
		});
	},
	reminders: async ({ request, locals, params }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await updateReminderSettings(locals.deps, locals.actor, params.slug, { minutes: str(form, 'leads') });
			return { saved: true };
		});
	},
	remote: async ({ request, locals, params }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await updateRemoteSettings(locals.deps, locals.actor, params.slug, { expireMinutes: num(form, 'expireMinutes') });
			return { saved: true };
		});
	},
	service: async ({ request, locals, params }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await saveUnitService(locals.deps, locals.actor, params.slug, {
				service: str(form, 'service'),
				prefix: str(form, 'prefix'),
				allowsPriority: bool(form, 'allowsPriority'),
				active: bool(form, 'active'),
				allowsRemote: bool(form, 'allowsRemote'),
				remoteDailyCap: numOrNull(form, 'remoteDailyCap')
			});
			return { saved: true };
		});
	},
	counter: async ({ request, locals, params }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await saveCounter(locals.deps, locals.actor, params.slug, {
				id: optional(form, 'id'),
				number: num(form, 'number'),
				name: str(form, 'name'),
				active: bool(form, 'active')
			});
			return { saved: true };
		});
	},
	display: async ({ request, locals, url }) => {
		const form = await readForm(request);
		return forAction(async () => ({ pairing: await pairCounterDisplay(locals.deps, locals.actor, str(form, 'id'), url.origin) }));
	}
};
