import type { RequestHandler } from './$types';
import { logout } from '$lib/auth/login.server';
import { api } from '$lib/server/http/api';
import { clearSessionCookie, sessionSecret } from '$lib/server/http/session-cookie';

export const POST: RequestHandler = api(async ({ locals, cookies }) => {
	const secret = sessionSecret(cookies);
	if (secret) await logout(locals.deps, secret);
	clearSessionCookie(cookies);
	return new Response(null, { status: 204 });
});
