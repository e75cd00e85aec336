import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { unitQueue } from '$lib/queue/queue-views.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params }) => json(await unitQueue(locals.deps, locals.actor, params.unit)));
