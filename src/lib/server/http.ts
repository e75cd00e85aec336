import { json, type RequestEvent } from '@sveltejs/kit';
import { isVezError, VezError } from '$lib/errors';
import { idempotencyKey, type IdempotencyKey } from './idempotency.server';

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body, bounded: malformed or oversized bodies become API.md errors, not 500s. */
export async function readJson(event: RequestEvent): Promise<unknown> {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > MAX_JSON_BYTES) throw new VezError('payload_too_large', 'The request body is too large.');
	let body: string;
	try {
		body = await event.request.text();
	} catch {
		throw new VezError('payload_too_large', 'The request body is too large.');
	}
	if (body.length > MAX_JSON_BYTES) throw new VezError('payload_too_large', 'The request body is too large.');
	if (body.trim() === '') return {};
	try {
		return JSON.parse(body);
	} catch {
		throw new VezError('invalid_json', 'The request body is not valid JSON.');
	}
}

/** Turns a VezError into the API.md error body; anything else is logged and answered with a generic 500. */
export function errorResponse(e: unknown, event: RequestEvent): Response {
	if (isVezError(e)) return json(e.toBody(), { status: e.status });
	event.locals.deps?.log.error('unhandled api error', {
		requestId: event.locals.requestId,
		path: event.url.pathname,
		error: e instanceof Error ? e.stack : String(e)
	});
	return json({ error: { code: 'internal_error', message: 'Internal error.' } }, { status: 500 });
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

/** The request's `Idempotency-Key` with its caller (API.md "Idempotency"); a malformed key is a 400. */
export function requestIdempotencyKey(event: RequestEvent): IdempotencyKey | null {
	return idempotencyKey(event.request.headers.get('idempotency-key'), event.locals.actor, event.getClientAddress());
}
