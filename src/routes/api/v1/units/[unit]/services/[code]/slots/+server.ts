import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { slotsOfDate } from '$lib/appointments/capacity.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params, url }) =>
	json(await slotsOfDate(locals.deps, params.unit, params.code, url.searchParams.get('date') ?? undefined))
);
