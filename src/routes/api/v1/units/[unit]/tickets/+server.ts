import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestTicket } from '$lib/queue/remote-ticket.server';
import { api, readJson, requestIdempotencyKey } from '$lib/server/http/api';

/** Kiosks and staff issue tickets; an anonymous caller takes one before arriving, where the service allows it (docs/api.md#remote-tickets). */
export const POST: RequestHandler = api(async (event) => {
	const { locals, params, url } = event;
	const context = { origin: url.origin, address: event.getClientAddress(), lang: locals.lang };
	return json(await requestTicket(locals.deps, locals.actor, params.unit, await readJson(event), context, requestIdempotencyKey(event)), { status: 201 });
});
