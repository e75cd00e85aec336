import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { checkInAtKiosk } from '$lib/queue/kiosk-check-in.server';
import { api, readJson, requestIdempotencyKey } from '$lib/server/http/api';

export const POST: RequestHandler = api(async (event) => {
	const { locals, params, url } = event;
	const key = requestIdempotencyKey(event);
	return json(await checkInAtKiosk(locals.deps, locals.actor, params.unit, await readJson(event), url.origin, key), { status: 201 });
});
