import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { issueTicket } from '$lib/queue/issue-ticket.server';
import { takeRemoteTicket } from '$lib/queue/remote-ticket.server';
import { api, readJson, requestIdempotencyKey } from '$lib/server/http/api';

/** Kiosks and staff issue tickets; an anonymous caller takes one before arriving, where the service allows it (API.md, remote tickets). */
export const POST: RequestHandler = api(async (event) => {
	const { locals, params, url } = event;
	const key = requestIdempotencyKey(event);
	const body = await readJson(event);
	const ticket =
		locals.actor.kind === 'anonymous'
			? await takeRemoteTicket(locals.deps, params.unit, body, { origin: url.origin, address: event.getClientAddress(), lang: locals.lang }, key)
			: await issueTicket(locals.deps, locals.actor, params.unit, body, url.origin, key);
	return json(ticket, { status: 201 });
});
