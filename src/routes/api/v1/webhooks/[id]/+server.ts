import type { RequestHandler } from './$types';
import { removeWebhook } from '$lib/webhooks/webhooks.server';
import { api } from '$lib/server/http/api';

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await removeWebhook(locals.deps, locals.actor, params.id);
	return new Response(null, { status: 204 });
});
