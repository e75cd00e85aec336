import { fail, redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/auth/actor';
import { login } from '$lib/auth/login.server';
import { isVezError } from '$lib/errors';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { readForm } from '$lib/server/http/page';
import { str } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths: an attacker's link must not bounce a fresh login elsewhere. */
function safeNext(next: string | null): string | null {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor.kind === 'user') redirect(303, safeNext(url.searchParams.get('next')) ?? homeFor(locals.actor.role));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		const username = str(form, 'username');
		try {
			const result = await login(event.locals.deps, { username, password: str(form, 'password') }, event.getClientAddress());
			setSessionCookie(event.cookies, result.sessionSecret, result.expiresAt, event.url.protocol === 'https:');
			redirect(303, safeNext(event.url.searchParams.get('next')) ?? homeFor(result.actor.role));
		} catch (e) {
			if (isVezError(e)) return fail(e.status, { code: e.code, username });
			throw e;
		}
	}
};
