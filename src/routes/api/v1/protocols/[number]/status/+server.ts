import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { changeProtocolStatus } from '$lib/requests/change-protocol-status.server';
import { api, readJson } from '$lib/server/http/api';

export const POST: RequestHandler = api(async (event) =>
	json(await changeProtocolStatus(event.locals.deps, event.locals.actor, event.params.number, await readJson(event), event.url.origin))
);
