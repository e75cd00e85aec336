import type { RequestHandler } from './$types';
import { serviceEntry } from '$lib/catalogue/catalogue-views.server';
import { serviceAttributes, serviceDefinitionBody } from '$lib/requests/open311';
import { open311 } from '$lib/requests/open311-http.server';

/** GET Service Definition: the citizen and manifestação attributes a POST for this service takes. */
export const GET: RequestHandler = open311(async ({ locals }, file) => {
	const entry = await serviceEntry(locals.deps, file.name);
	return serviceDefinitionBody(file.format, entry.code, serviceAttributes(entry));
});
