import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { listDeliveries } from '$lib/webhooks/webhooks.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params, url }) =>
	json(await listDeliveries(locals.deps, locals.actor, params.id, { limit: url.searchParams.get('limit') ?? undefined }))
);
