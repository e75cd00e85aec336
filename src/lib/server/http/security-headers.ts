/*
 * Headers every answer carries. Pages get their Content-Security-Policy from SvelteKit (kit.csp
 * in svelte.config.js, with a nonce per page); anything else (JSON, CSV, the outage page) gets a
 * policy that runs no script at all. The kiosk prints its fallback ticket by framing its own
 * `/t/<id>/print` page, the one page that may be framed, and only by this origin.
 */

const FALLBACK_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const FRAMED_BY_SELF = new Set(['/t/[publicId]/print']);
const HSTS = 'max-age=31536000; includeSubDomains';

/** The response with the security headers set (copied first when its headers are immutable). */
export function withSecurityHeaders(response: Response, url: URL, routeId: string | null): Response {
	let out = response;
	try {
		out.headers.set('x-content-type-options', 'nosniff');
	} catch {
		out = new Response(response.body, response);
		out.headers.set('x-content-type-options', 'nosniff');
	}
	const framed = routeId !== null && FRAMED_BY_SELF.has(routeId);
	out.headers.set('x-frame-options', framed ? 'SAMEORIGIN' : 'DENY');
	out.headers.set('referrer-policy', 'same-origin');
	const csp = out.headers.get('content-security-policy') ?? FALLBACK_CSP;
	out.headers.set('content-security-policy', framed ? csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'") : csp);
	// Only over HTTPS: HSTS on plain http would be ignored, and on a LAN demo it would be wrong.
	if (url.protocol === 'https:') out.headers.set('strict-transport-security', HSTS);
	return out;
}
