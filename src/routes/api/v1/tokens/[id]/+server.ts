import type { RequestHandler } from './$types';
import { revokeToken } from '$lib/auth/tokens.server';
import { api } from '$lib/server/http/api';

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
	await revokeToken(locals.deps, locals.actor, params.id);
	return new Response(null, { status: 204 });
});
