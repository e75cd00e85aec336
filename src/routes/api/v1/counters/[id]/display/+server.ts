import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { counterDisplay } from '$lib/queue/counter-display.server';
import { api } from '$lib/server/http/api';

/** The counter display's snapshot, fetched on every (re)connection. */
export const GET: RequestHandler = api(async ({ locals, params }) =>
	json(await counterDisplay(locals.deps, locals.actor, params.id), { headers: { 'cache-control': 'no-store' } })
);
