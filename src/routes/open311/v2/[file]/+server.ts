import type { RequestHandler } from './$types';
import { discoveryBody, listBody, servicesBody } from '$lib/requests/open311';
import { open311Services } from '$lib/requests/open311-services.server';
import { getOpen311Requests, postOpen311Request } from '$lib/requests/open311-requests.server';
import { baseUrl, open311, open311Error, readForm } from '$lib/requests/open311-http.server';

/** The endpoints' last change, for discovery's `changeset`. */
const CHANGESET = '2026-11-23T00:00:00Z';

export const GET: RequestHandler = open311(async (event, file) => {
	switch (file.name) {
		case 'discovery':
			return discoveryBody(file.format, { baseUrl: baseUrl(event), contact: `${baseUrl(event)}/services`, changeset: CHANGESET });
		case 'services':
			return servicesBody(file.format, await open311Services(event.locals.deps));
		case 'requests':
			return listBody(file.format, 'service_requests', 'request', await getOpen311Requests(event.locals.deps, event.url.searchParams));
		default:
			return open311Error(file.format, 404, `Unknown resource ${file.name}.`);
	}
});

/** POST requests (form-encoded): a new protocol from an integration such as the phone centre or a bot. */
export const POST: RequestHandler = open311(async (event, file) => {
	if (file.name !== 'requests') return open311Error(file.format, 404, `Unknown resource ${file.name}.`);
	const created = await postOpen311Request(event.locals.deps, await readForm(event), event.url.origin);
	return listBody(file.format, 'service_requests', 'request', created);
});
