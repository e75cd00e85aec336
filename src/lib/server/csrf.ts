/**
 * SvelteKit's cross-site form check (kit.csrf), kept here so one path can be exempt: Open311's
 * POST requests, which the spec sends form-encoded from other servers with the `api_key` in the
 * body — no cookie rides along, so there is nothing to forge. Every other form post (the cookie-
 * authenticated form actions) must come from this origin, exactly as SvelteKit would demand.
 */

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata'];
const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
/** Open311 GeoReport v2 POST Service Request: authenticated by api_key, never by cookie. */
const EXEMPT = /^\/open311\/v2\/requests\.(json|xml)$/i;

export function isCrossSiteForm(method: string, contentType: string | null, origin: string | null, url: URL): boolean {
	const type = (contentType ?? '').split(';', 1)[0].trim().toLowerCase();
	if (!FORM_TYPES.includes(type) || !UNSAFE_METHODS.includes(method.toUpperCase())) return false;
	if (origin === url.origin) return false;
	return !EXEMPT.test(url.pathname);
}
