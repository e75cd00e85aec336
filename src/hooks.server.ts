import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { getApp } from '$lib/server/app';
import { metrics } from '$lib/server/metrics';
import { isLang, negotiateLang } from '$lib/i18n';
import { isCrossSiteForm } from '$lib/server/csrf';
import { isVezError } from '$lib/errors';
import { unavailableResponse } from '$lib/server/http';

export const init: ServerInit = async () => {
	await getApp();
};

function bearer(header: string | null): string | null {
	const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
	return m ? m[1] : null;
}

export const handle: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (isCrossSiteForm(request.method, request.headers.get('content-type'), request.headers.get('origin'), url)) {
		return new Response(`Cross-site ${request.method} form submissions are forbidden`, { status: 403 });
	}
	const started = performance.now();
	const app = await getApp();
	const requestId = event.request.headers.get('x-request-id')?.slice(0, 100) || randomUUID();
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

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang)
	});
	response.headers.set('x-request-id', requestId);

	const seconds = (performance.now() - started) / 1000;
	const route = event.route.id ?? 'unmatched';
	metrics().httpDuration.observe({ method: event.request.method, route, status: response.status }, seconds);
	if (route !== '/healthz' && route !== '/metrics') {
		app.deps.log.info('request', {
			requestId,
			method: event.request.method,
			path: event.url.pathname,
			route,
			status: response.status,
			ms: Math.round(seconds * 1000)
		});
	}
	return response;
};

export const handleError: HandleServerError = async ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Not found', code: 'not_found' };
	const app = await getApp().catch(() => null);
	const log = app?.deps.log;
	const details = { requestId: event.locals.requestId, path: event.url.pathname, status, error: error instanceof Error ? error.stack : String(error) };
	if (log) log.error('unhandled error', details);
	else console.error(JSON.stringify(details));
	return { message: status >= 500 ? 'Internal error' : message, code: status >= 500 ? 'internal_error' : 'error' };
};
