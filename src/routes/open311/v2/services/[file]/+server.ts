import type { RequestHandler } from './$types';
import { serviceDefinitionBody } from '$lib/requests/open311';
import { open311ServiceDefinition } from '$lib/requests/open311-services.server';
import { open311 } from '$lib/requests/open311-http.server';

/** GET Service Definition: the citizen and manifestação attributes a POST for this service takes. */
export const GET: RequestHandler = open311(async ({ locals }, file) => {
	const definition = await open311ServiceDefinition(locals.deps, file.name);
	return serviceDefinitionBody(file.format, definition.code, definition.attributes);
});
