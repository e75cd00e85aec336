import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { searchServices } from '$lib/catalogue/catalogue-views.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, url }) =>
	json(await searchServices(locals.deps, { q: url.searchParams.get('q') ?? undefined, theme: url.searchParams.get('theme') ?? undefined }))
);
