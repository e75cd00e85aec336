import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { updatePrinter } from '$lib/printing/printers.server';
import { api, readJson } from '$lib/server/http/api';

export const PATCH: RequestHandler = api(async (event) =>
	json(await updatePrinter(event.locals.deps, event.locals.actor, event.params.id, await readJson(event)))
);
