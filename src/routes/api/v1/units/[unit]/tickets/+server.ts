import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { issueTicket } from '$lib/queue/issue-ticket.server';
import { api, readJson, requestIdempotencyKey } from '$lib/server/http/api';

export const POST: RequestHandler = api(async (event) => {
	const { locals, params, url } = event;
	const key = requestIdempotencyKey(event);
	const ticket = await issueTicket(locals.deps, locals.actor, params.unit, await readJson(event), url.origin, key);
	return json(ticket, { status: 201 });
});
