import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { citizenReport } from '$lib/citizens/lgpd.server';
import { api, readJson } from '$lib/server/http/api';

/** POST, so the CPF travels in the body, never in an address or an access log. */
export const POST: RequestHandler = api(async (event) =>
	json(await citizenReport(event.locals.deps, event.locals.actor, await readJson(event), 'POST /api/v1/citizens/report'))
);
