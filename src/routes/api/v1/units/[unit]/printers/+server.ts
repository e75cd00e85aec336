import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { createPrinter, listPrinters } from '$lib/printing/printers.server';
import { api, readJson } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params }) => json(await listPrinters(locals.deps, locals.actor, params.unit)));

export const POST: RequestHandler = api(async (event) => {
	const printer = await createPrinter(event.locals.deps, event.locals.actor, event.params.unit, await readJson(event));
	return json(printer, { status: 201 });
});
