import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { unwatchTicket, watchTicket } from '$lib/notify/watch-ticket.server';
import { api, readJson } from '$lib/server/http/api';

/**
 * Public, for the holder of the ticket's public id: "Avise-me" on SMS, WhatsApp or push (docs/api.md#visitor-messages).
 * Where the opt-in came from is kept for the reports: a kiosk's token says so; the ticket page
 * says `source: "ticket_page"`; anything else is the API.
 */
export const POST: RequestHandler = api(async (event) => {
	const body = await readJson(event);
	const actor = event.locals.actor;
	const said = body && typeof body === 'object' && (body as { source?: unknown }).source === 'ticket_page';
	const source = actor.kind === 'device' && actor.tokenKind === 'kiosk' ? 'kiosk' : said ? 'ticket_page' : 'api';
	return json(await watchTicket(event.locals.deps, event.params.id, body, { lang: event.locals.lang, source }), { status: 201 });
});

/** Stops every message for the ticket. */
export const DELETE: RequestHandler = api(async (event) => {
	await unwatchTicket(event.locals.deps, event.params.id);
	return new Response(null, { status: 204 });
});
