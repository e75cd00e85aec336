/**
 * SvelteKit's cross-site form check (kit.csrf), kept here so one path can be exempt: Open311's
 * POST requests, which the spec sends form-encoded from other servers with the `api_key` in the
 * body — no cookie rides along, so there is nothing to forge. Every other form post (the cookie-
 * authenticated form actions) must come from this origin, exactly as SvelteKit would demand.
 *
 * SvelteKit looks only at form bodies; a bodiless POST (call-next, logout) is just as easy to
 * forge from another site with `fetch(…, {method: 'POST', credentials: 'include', mode:
 * 'no-cors'})`. So any unsafe request that carries the session cookie must not come from another
 * origin either: browsers always send `Origin` (and `Sec-Fetch-Site`) with such requests, so a
 * missing Origin means a non-browser client, which cannot ride someone else's cookie.
 */

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata'];
const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
/** Open311 GeoReport v2 POST Service Request: authenticated by api_key, never by cookie. */
const EXEMPT = /^\/open311\/v2\/requests\.(json|xml)$/i;

export function isCrossSiteRequest(method: string, headers: Headers, url: URL, sessionCookie: string): boolean {
	if (!UNSAFE_METHODS.includes(method.toUpperCase()) || EXEMPT.test(url.pathname)) return false;
	const origin = headers.get('origin');
	const type = (headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
	if (FORM_TYPES.includes(type)) return origin !== url.origin;
	if (!carriesCookie(headers.get('cookie'), sessionCookie)) return false;
	const site = headers.get('sec-fetch-site');
	return (origin !== null && origin !== url.origin) || site === 'cross-site' || site === 'same-site';
}

function carriesCookie(header: string | null, name: string): boolean {
	return (header ?? '').split(';').some((part) => part.trim().startsWith(`${name}=`));
}
