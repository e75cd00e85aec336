import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { redeliver } from '$lib/webhooks/webhooks.server';
import { api } from '$lib/server/http/api';

export const POST: RequestHandler = api(async ({ locals, params }) => json(await redeliver(locals.deps, locals.actor, params.id, params.deliveryId), { status: 202 }));
