import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ticketPrintState } from '$lib/queue/ticket-print-state.server';
import { api } from '$lib/server/http/api';

/** The ticket's latest print job: queued, printing, printed, failed or no_printer (null when none). */
export const GET: RequestHandler = api(async ({ locals, params }) =>
	json(await ticketPrintState(locals.deps, locals.actor, params.id), { headers: { 'cache-control': 'no-store' } })
);
