import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { openProtocol } from '$lib/requests/open-protocol.server';
import { listProtocols } from '$lib/requests/list-protocols.server';
import { api, readJson, requestIdempotencyKey } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, url }) =>
	json(await listProtocols(locals.deps, locals.actor, Object.fromEntries(url.searchParams)))
);

export const POST: RequestHandler = api(async (event) => {
	const key = requestIdempotencyKey(event);
	return json(await openProtocol(event.locals.deps, event.locals.actor, await readJson(event), event.url.origin, key), { status: 201 });
});
