import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { unitStats } from '$lib/stats/reports.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params, url }) =>
	json(
		await unitStats(locals.deps, locals.actor, params.unit, {
			from: url.searchParams.get('from') ?? undefined,
			to: url.searchParams.get('to') ?? undefined
		})
	)
);
