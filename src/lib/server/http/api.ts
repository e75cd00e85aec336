import { json, type RequestEvent } from '@sveltejs/kit';
import { isVezError, VezError } from '$lib/errors';
import { MAX_API_BODY_BYTES, readBodyText } from './body';
import { refuseControlCharactersInJson } from '$lib/server/input-hygiene';
import { loggedPath } from '$lib/server/log';
import { translator, type Lang } from '$lib/i18n';
import { idempotencyKey, type IdempotencyKey } from '$lib/server/idempotency.server';

/** Reads a JSON body, bounded: malformed or oversized bodies and control characters become the API's error bodies (docs/api.md#errors), not 500s. */
export async function readJson(event: RequestEvent): Promise<unknown> {
	const body = await readBodyText(event.request, MAX_API_BODY_BYTES);
	if (body.trim() === '') return {};
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		throw new VezError('invalid_json', 'The request body is not valid JSON.');
	}
	refuseControlCharactersInJson(value);
	return value;
}

/** Turns a VezError into the error body of docs/api.md#errors; anything else is logged and answered with a generic 500. */
export function errorResponse(e: unknown, event: RequestEvent): Response {
	if (isVezError(e)) return json(e.toBody(), { status: e.status, headers: errorHeaders(e) });
	event.locals.deps?.log.error('unhandled api error', {
		requestId: event.locals.requestId,
		path: loggedPath(event),
		error: e instanceof Error ? e.stack : String(e)
	});
	return json({ error: { code: 'internal_error', message: 'Internal error.' } }, { status: 500 });
}

/**
 * Headers an error answer needs besides its body: `Retry-After` on a 429 that knows when to try
 * again, and `Connection: close` on a 413, whose unread rest of a body must not be taken for the
 * next request on a kept-alive connection.
 */
export function errorHeaders(e: VezError): Record<string, string> {
	return {
		...(e.retryAfterSeconds ? { 'retry-after': String(e.retryAfterSeconds) } : {}),
		...(e.code === 'payload_too_large' ? { connection: 'close' } : {})
	};
}

/** Wraps an API handler so every VezError reaches the client in the contract's shape. */
export function api<E extends RequestEvent>(fn: (event: E) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await fn(event);
		} catch (e) {
			return errorResponse(e, event);
		}
	};
}

/** Seconds a client should wait before trying again while the database is away. */
const RETRY_AFTER_SECONDS = 5;

/** A page the server answers by itself, outside the app's layout: a title and lines of text, in one language. */
function messagePage(lang: string, title: string, lines: string[], extraHead = ''): string {
	return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${extraHead}<title>${title} — Vez</title><style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;padding:1rem;text-align:center;background:#f6f7f9;color:#1b1f24}main{max-width:32rem}</style></head><body><main role="status"><h1>${title}</h1>${lines.map((l) => `<p>${l}</p>`).join('')}</main></body></html>`;
}

const wantsHtml = (event: RequestEvent) => (event.request.headers.get('accept') ?? '').includes('text/html');

/**
 * The answer to a request that could not even identify its caller (the database is away): the
 * error body of docs/api.md#errors for API clients, and for a browser a page in its language that reloads itself.
 */
export function unavailableResponse(event: RequestEvent, e: VezError): Response {
	const headers = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
	if (!wantsHtml(event)) return json(e.toBody(), { status: e.status, headers });
	const t = translator(event.locals.lang);
	const html = messagePage(event.locals.lang, t('outage.title'), [t('outage.text'), t('outage.retrying')], `<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS}">`);
	return new Response(html, { status: e.status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * The answer to an address that cannot be decoded (`/x%FF`: bytes that are not UTF-8): the 400 `e`
 * in the API's shape, or for a browser a page in `lang`. Built, never thrown: SvelteKit runs the
 * handle hook outside its own error handling for such an address, so a throw would stop the process.
 */
export function undecodableAddressResponse(event: RequestEvent, e: VezError, lang: Lang): Response {
	if (!wantsHtml(event) || event.url.pathname.startsWith('/api/')) return json(e.toBody(), { status: e.status });
	const t = translator(lang);
	return new Response(messagePage(lang, t('outage.badAddress'), [t('outage.badAddressText'), '<a href="/">Vez</a>']), { status: e.status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** The request's `Idempotency-Key` with its caller (docs/api.md#idempotency); a malformed key is a 400. */
export function requestIdempotencyKey(event: RequestEvent): IdempotencyKey | null {
	return idempotencyKey(event.request.headers.get('idempotency-key'), event.locals.actor, event.getClientAddress());
}
