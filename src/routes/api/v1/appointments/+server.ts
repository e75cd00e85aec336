import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { bookAppointment } from '$lib/appointments/book.server';
import { api, readJson } from '$lib/server/http';

export const POST: RequestHandler = api(async (event) => {
	const { locals, url } = event;
	return json(await bookAppointment(locals.deps, locals.actor, await readJson(event), url.origin, event.getClientAddress()), { status: 201 });
});
