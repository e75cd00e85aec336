import type { RequestHandler } from './$types';
import { listBody } from '$lib/requests/open311';
import { getOpen311Request } from '$lib/requests/open311-requests.server';
import { open311 } from '$lib/requests/open311-http.server';

/** GET Service Request: one protocol by its number, as a one-item list. */
export const GET: RequestHandler = open311(async ({ locals, url }, file) =>
	listBody(file.format, 'service_requests', 'request', await getOpen311Request(locals.deps, url.searchParams.get('api_key'), file.name))
);
