import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { VezError } from '$lib/errors';
import { meView } from '$lib/auth/me.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals }) => {
	if (locals.actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in or send a valid token.');
	return json(await meView(locals.deps, locals.actor));
});
