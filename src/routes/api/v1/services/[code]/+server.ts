import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { serviceEntry } from '$lib/catalogue/catalogue-views.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params }) => json(await serviceEntry(locals.deps, params.code)));
