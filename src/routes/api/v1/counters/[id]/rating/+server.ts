import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { counterRating, rateAtCounter } from '$lib/stats/counter-rating.server';
import { api, readJson } from '$lib/server/http/api';

/** The desk tablet's poll: the ticket just finished at this counter, or none. */
export const GET: RequestHandler = api(async ({ locals, params }) =>
	json(await counterRating(locals.deps, locals.actor, params.id), { headers: { 'cache-control': 'no-store' } })
);

/** The citizen rates at the desk (channel `counter_tablet`). */
export const POST: RequestHandler = api(async (event) =>
	json(await rateAtCounter(event.locals.deps, event.locals.actor, event.params.id, await readJson(event)), { status: 201 })
);
