import { redirect } from '@sveltejs/kit';
import { logout } from '$lib/auth/login.server';
import { clearSessionCookie, sessionSecret } from '$lib/server/http/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		const secret = sessionSecret(cookies);
		if (secret) await logout(locals.deps, secret);
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
