import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { login } from '$lib/auth/login.server';
import { api, readJson } from '$lib/server/http/api';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { meView } from '$lib/auth/me.server';

export const POST: RequestHandler = api(async (event) => {
	const result = await login(event.locals.deps, await readJson(event), event.getClientAddress());
	setSessionCookie(event.cookies, result.sessionSecret, result.expiresAt, event.url.protocol === 'https:');
	return json({ user: await meView(event.locals.deps, result.actor) });
});
