import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/startup/app';

/** httpOnly, SameSite=Lax; Secure whenever the request came over HTTPS. */
export function setSessionCookie(cookies: Cookies, secret: string, expires: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

export function sessionSecret(cookies: Cookies): string | undefined {
	return cookies.get(SESSION_COOKIE);
}
