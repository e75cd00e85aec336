import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { rateTicket } from '$lib/stats/rate-ticket.server';
import { api, readJson } from '$lib/server/http/api';

/** Public: the visitor rates a finished ticket from its tracking page, once. */
export const POST: RequestHandler = api(async (event) =>
	json(await rateTicket(event.locals.deps, event.params.id, await readJson(event), 'ticket_page'), { status: 201 })
);
