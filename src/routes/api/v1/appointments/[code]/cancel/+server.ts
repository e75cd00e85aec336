import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cancelAppointment } from '$lib/appointments/book.server';
import { api, readJson } from '$lib/server/http/api';

export const POST: RequestHandler = api(async (event) => json(await cancelAppointment(event.locals.deps, event.params.code, await readJson(event), event.getClientAddress())));
