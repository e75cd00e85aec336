import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { reprintTicket } from '$lib/queue/reprint-ticket.server';
import { api } from '$lib/server/http/api';

/**
 * Staff reprint a ticket of their unit; a kiosk its own last ticket. 202: queued (or no_printer);
 * 409 past the reprint limit.
 */
export const POST: RequestHandler = api(async ({ locals, params, url }) =>
	json(await reprintTicket(locals.deps, locals.actor, params.id, url.origin), { status: 202 })
);
