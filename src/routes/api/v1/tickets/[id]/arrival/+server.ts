import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { arriveByPhone } from '$lib/queue/remote-ticket.server';
import { api } from '$lib/server/http/api';

/** Public, for the holder of a remote ticket's public id: "Cheguei" — the visitor is in the unit and may now be called. */
export const POST: RequestHandler = api(async (event) => json(await arriveByPhone(event.locals.deps, event.params.id)));
