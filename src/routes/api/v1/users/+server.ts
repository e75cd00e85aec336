import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { createUser, listUsers } from '$lib/auth/users.server';
import { api, readJson } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals }) => json(await listUsers(locals.deps, locals.actor)));

export const POST: RequestHandler = api(async (event) =>
	json(await createUser(event.locals.deps, event.locals.actor, await readJson(event)), { status: 201 })
);
