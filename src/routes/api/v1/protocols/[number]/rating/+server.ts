import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { rateProtocol } from '$lib/stats/rate-protocol.server';
import { api, readJson } from '$lib/server/http/api';

/** Public with the protocol's access code (the e-mail's rating link): one rating per protocol. */
export const POST: RequestHandler = api(async (event) =>
	json(await rateProtocol(event.locals.deps, event.params.number, await readJson(event), event.getClientAddress()), { status: 201 })
);
