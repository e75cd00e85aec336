import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { bookAppointment } from '$lib/appointments/book.server';
import { api, readJson, requestIdempotencyKey } from '$lib/server/http/api';

export const POST: RequestHandler = api(async (event) => {
	const { locals, url } = event;
	const key = requestIdempotencyKey(event);
	return json(await bookAppointment(locals.deps, locals.actor, await readJson(event), url.origin, event.getClientAddress(), key, locals.lang), { status: 201 });
});
