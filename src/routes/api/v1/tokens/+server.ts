import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { createToken, listTokens } from '$lib/auth/tokens.server';
import { api, readJson } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals }) => json(await listTokens(locals.deps, locals.actor)));

export const POST: RequestHandler = api(async (event) => {
	const created = await createToken(event.locals.deps, event.locals.actor, await readJson(event));
	return json({ id: created.id, token: created.token }, { status: 201 });
});
