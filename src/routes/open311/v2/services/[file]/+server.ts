import type { RequestHandler } from './$types';
import { serviceEntry } from '$lib/catalogue/catalogue-views.server';
import { serviceDefinitionBody } from '$lib/catalogue/open311';
import { open311 } from '$lib/server/open311-http';

/** GET Service Definition: the service exists, and it asks for no extra attributes. */
export const GET: RequestHandler = open311(async ({ locals }, file) => {
	const entry = await serviceEntry(locals.deps, file.name);
	return serviceDefinitionBody(file.format, entry.code);
});
