import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getCapacity, setCapacity } from '$lib/appointments/capacity.server';
import { api, readJson } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params }) => json(await getCapacity(locals.deps, locals.actor, params.unit, params.code)));

export const PUT: RequestHandler = api(async (event) =>
	json(await setCapacity(event.locals.deps, event.locals.actor, event.params.unit, event.params.code, await readJson(event)))
);
