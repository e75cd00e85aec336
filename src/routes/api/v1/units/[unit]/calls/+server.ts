import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { lastCalls } from '$lib/queue/queue-views.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params, url }) =>
	json(await lastCalls(locals.deps, params.unit, Object.fromEntries(url.searchParams)))
);
