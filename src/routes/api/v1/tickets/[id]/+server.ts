import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { publicTicket } from '$lib/queue/queue-views.server';
import { api } from '$lib/server/http/api';

/** Public: addressed by the ticket's unguessable public id. */
export const GET: RequestHandler = api(async ({ locals, params }) => json(await publicTicket(locals.deps, params.id)));
