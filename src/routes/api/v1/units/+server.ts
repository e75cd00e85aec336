import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { listUnits } from '$lib/units/list-units.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals }) => json(await listUnits(locals.deps)));
