import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { anonymiseCitizen } from '$lib/citizens/lgpd.server';
import { api, readJson } from '$lib/server/http/api';

export const POST: RequestHandler = api(async (event) =>
	json(await anonymiseCitizen(event.locals.deps, event.locals.actor, await readJson(event), 'POST /api/v1/citizens/anonymise'))
);
