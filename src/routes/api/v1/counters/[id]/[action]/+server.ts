import { json } from '@sveltejs/kit';
import type { RequestEvent } from './$types';
import { VezError } from '$lib/errors';
import { callNext, callTicket } from '$lib/queue/call-ticket.server';
import { closeCounter, openCounter, pauseCounter } from '$lib/queue/counter-status.server';
import { api, readJson } from '$lib/server/http/api';

/** Counter actions (docs/api.md#queue); call-next answers 204 when nothing waits. */
export const POST = api(async (event: RequestEvent) => {
	const { locals, params } = event;
	const body = await readJson(event);
	switch (params.action) {
		case 'open':
			return json(await openCounter(locals.deps, locals.actor, params.id, body));
		case 'pause':
			return json(await pauseCounter(locals.deps, locals.actor, params.id, body));
		case 'close':
			return json(await closeCounter(locals.deps, locals.actor, params.id));
		case 'call-next': {
			const called = await callNext(locals.deps, locals.actor, params.id);
			return called ? json(called) : new Response(null, { status: 204 });
		}
		case 'call':
			return json(await callTicket(locals.deps, locals.actor, params.id, body));
		default:
			throw new VezError('not_found', `Unknown counter action ${params.action}.`);
	}
});
