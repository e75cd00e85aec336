import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { printTestPage } from '$lib/printing/print-test-page.server';
import { api } from '$lib/server/http/api';

/** Prints a test page now; 503 with the reason when the printer cannot be reached. */
export const POST: RequestHandler = api(async ({ locals, params, url }) =>
	json(await printTestPage(locals.deps, locals.actor, params.id, url.origin))
);
