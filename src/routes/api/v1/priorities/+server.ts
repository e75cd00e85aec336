import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { listPriorities } from '$lib/units/priorities.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals }) => json(await listPriorities(locals.deps)));
