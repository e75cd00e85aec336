import { error, json, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { getApp, SESSION_COOKIE } from '$lib/server/startup/app';
import { metrics } from '$lib/server/metrics';
import { isLang, negotiateLang } from '$lib/i18n';
import { isCrossSiteRequest } from '$lib/server/http/csrf';
import { malformedAddress, undecodablePath, urlProblem } from '$lib/server/input-hygiene';
import { declaresMoreThan, MAX_FORM_BODY_BYTES } from '$lib/server/http/body';
import { open311Error } from '$lib/requests/open311-http.server';
import { errorHeaders, undecodableAddressResponse, unavailableResponse } from '$lib/server/http/api';
import { loggedPath } from '$lib/server/log';
import { withSecurityHeaders } from '$lib/server/http/security-headers';
import { isVezError, VezError } from '$lib/errors';

export const init: ServerInit = async () => {
	await getApp();
};

function bearer(header: string | null): string | null {
	const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
	return m ? m[1] : null;
}

/** Refuses a request before any route sees it, in the error format of the route it aimed at. */
function refuse(event: RequestEvent, e: VezError): Response {
	const path = event.url.pathname;
	const headers = errorHeaders(e);
	if (path.startsWith('/open311/')) return open311Error(path.endsWith('.xml') ? 'xml' : 'json', e.status, e.message, headers);
	if (path.startsWith('/api/') || !event.request.headers.get('accept')?.includes('text/html')) return json(e.toBody(), { status: e.status, headers });
	event.setHeaders(headers);
	error(e.status, { message: e.message, code: e.code });
}

export const handle: Handle = async ({ event, resolve }) => {
	if (undecodablePath(event.url)) return withSecurityHeaders(undecodable(event), event.url, null);
	return withSecurityHeaders(await answer({ event, resolve }), event.url, event.route.id);
};

/**
 * SvelteKit (2.70) runs this hook outside its own error handling for an address it cannot decode
 * (`/x%FF`): anything thrown for it, even `error(400)`, rejects unhandled and stops the process.
 * Such a request gets its 400 here, built and never thrown, before anything else runs.
 */
function undecodable(event: RequestEvent): Response {
	const e = malformedAddress();
	if (event.url.pathname.startsWith('/open311/')) return open311Error(event.url.pathname.endsWith('.xml') ? 'xml' : 'json', e.status, e.message);
	return undecodableAddressResponse(event, e, negotiateLang(event.cookies.get('vez_lang'), event.request.headers.get('accept-language')));
}

const answer: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (isCrossSiteRequest(request.method, request.headers, url, SESSION_COOKIE)) {
		return new Response(`Cross-site ${request.method} requests are forbidden`, { status: 403 });
	}
	const problem = urlProblem(url);
	if (problem) return refuse(event, problem);
	if (declaresMoreThan(request.headers, MAX_FORM_BODY_BYTES)) {
		return refuse(event, new VezError('payload_too_large', `The request body is larger than ${MAX_FORM_BODY_BYTES / 1024} KB.`));
	}
	const started = performance.now();
	const app = await getApp();
	const requestId = event.request.headers.get('x-request-id')?.slice(0, 100).replace(/[^\w.:-]/g, '') || randomUUID();
	event.locals.requestId = requestId;
	event.locals.deps = app.deps;
	const chosen = event.url.searchParams.get('lang');
	if (isLang(chosen)) event.cookies.set('vez_lang', chosen, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86400 });
	event.locals.lang = negotiateLang(chosen ?? event.cookies.get('vez_lang'), event.request.headers.get('accept-language'));
	try {
		event.locals.actor = await app.resolveActor({
			token: bearer(event.request.headers.get('authorization')),
			cookie: event.request.headers.get('cookie')
		});
	} catch (e) {
		// The database is away: say so (503) instead of treating a signed-in clerk as a stranger.
		if (isVezError(e) && e.code === 'unavailable') return unavailableResponse(event, e);
		throw e;
	}

	let response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang)
	});
	// SvelteKit answers a method a route does not export with a plain-text 405; the API and Open311
	// answer in their documented error shapes, whatever went wrong.
	if (response.status === 405 && /^\/(api|open311)\//.test(url.pathname)) {
		const allow = response.headers.get('allow');
		response = refuse(event, new VezError('method_not_allowed', `${request.method} is not allowed here.`));
		if (allow) response.headers.set('allow', allow);
	}
	response.headers.set('x-request-id', requestId);

	const seconds = (performance.now() - started) / 1000;
	const route = event.route.id ?? 'unmatched';
	metrics().httpDuration.observe({ method: event.request.method, route, status: response.status }, seconds);
	if (route !== '/healthz' && route !== '/metrics') {
		app.deps.log.info('request', {
			requestId,
			method: event.request.method,
			path: loggedPath(event),
			route,
			status: response.status,
			ms: Math.round(seconds * 1000)
		});
	}
	return response;
};

export const handleError: HandleServerError = async ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Not found', code: 'not_found' };
	// A 4xx SvelteKit raises itself (405 method not allowed, 400 malformed request) is the
	// client's mistake: the request line already records it, no stack trace belongs in the log.
	if (status < 500) return { message, code: 'error' };
	const app = await getApp().catch(() => null);
	const log = app?.deps.log;
	const details = { requestId: event.locals.requestId, path: loggedPath(event), status, error: error instanceof Error ? error.stack : String(error) };
	if (log) log.error('unhandled error', details);
	else console.error(JSON.stringify(details));
	return { message: 'Internal error', code: 'internal_error' };
};
