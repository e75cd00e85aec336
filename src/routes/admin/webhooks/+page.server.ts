import { str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import {
	createWebhook,
	redeliver,
	removeWebhook,
	rotateWebhookSecret,
	sendTestEvent,
	setWebhookEnabled,
	webhooksScreen
} from '$lib/webhooks/webhooks.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, () => webhooksScreen(event.locals.deps, event.locals.actor, event.url.searchParams.get('id')));

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		const all = form.get('all') === 'on';
		return forAction(async () => {
			const created = await createWebhook(locals.deps, locals.actor, {
				url: str(form, 'url').trim(),
				description: str(form, 'description'),
				events: all ? ['*'] : form.getAll('events').map(String),
				units: form.getAll('units').map(String)
			});
			return { secret: created.secret, url: created.url };
		});
	},
	test: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await sendTestEvent(locals.deps, locals.actor, str(form, 'id'));
			return { done: 'wh.testQueued' };
		});
	},
	enable: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await setWebhookEnabled(locals.deps, locals.actor, str(form, 'id'), true);
			return { done: 'wh.saved' };
		});
	},
	disable: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await setWebhookEnabled(locals.deps, locals.actor, str(form, 'id'), false);
			return { done: 'wh.saved' };
		});
	},
	rotate: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const rotated = await rotateWebhookSecret(locals.deps, locals.actor, str(form, 'id'));
			return { secret: rotated.secret };
		});
	},
	delete: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await removeWebhook(locals.deps, locals.actor, str(form, 'id'));
			return { done: 'wh.saved' };
		});
	},
	redeliver: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await redeliver(locals.deps, locals.actor, str(form, 'id'), str(form, 'delivery'));
			return { done: 'wh.redelivered' };
		});
	}
};
