import type { RequestEvent } from '@sveltejs/kit';
import { isVezError, VezError } from '$lib/errors';
import { MAX_API_BODY_BYTES, readBodyText } from '$lib/server/http/body';
import { refuseControlCharactersInForm } from '$lib/server/input-hygiene';
import { errorHeaders } from '$lib/server/http/api';
import { loggedPath } from '$lib/server/log';
import { errorsBody, parseFormatted, type Formatted, type Open311Body, type Open311Format } from '$lib/requests/open311';

function respond(b: Open311Body, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(b.text, { status, headers: { ...headers, 'content-type': b.contentType } });
}

/** The spec's error list, `[{code, description}]`, with the same code as the HTTP status. */
export function open311Error(format: Open311Format, status: number, description: string, headers: Record<string, string> = {}): Response {
	return respond(errorsBody(format, [{ code: status, description }]), status, headers);
}

/** Open311's statuses: 403 for a bad api_key, 404 for anything unknown, 413 and 429 as HTTP says, 400 for everything else the client got wrong. */
function statusOf(code: string, status: number): number {
	if (status === 401 || status === 403) return 403;
	if (status === 404 || status === 413 || status === 429) return status;
	return status >= 500 ? status : 400;
}

/**
 * Wraps an Open311 handler: reads `.json`/`.xml` from the `[file]` parameter (unknown suffix → 404)
 * and turns a VezError into the spec's error list in the asked format.
 */
export function open311<E extends RequestEvent<{ file: string }>>(fn: (event: E, file: Formatted) => Promise<Open311Body | Response>) {
	return async (event: E): Promise<Response> => {
		const file = parseFormatted(event.params.file);
		if (!file) return open311Error('json', 404, 'Unknown resource: use .json or .xml.');
		try {
			const out = await fn(event, file);
			return out instanceof Response ? out : respond(out);
		} catch (e) {
			if (isVezError(e)) {
				const fields = e.fields ? ` (${Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
				return open311Error(file.format, statusOf(e.code, e.status), e.message + fields, errorHeaders(e));
			}
			event.locals.deps?.log.error('unhandled open311 error', {
				requestId: event.locals.requestId,
				path: loggedPath(event),
				error: e instanceof Error ? e.stack : String(e)
			});
			return open311Error(file.format, 500, 'Internal error.');
		}
	};
}

/** The server's public base URL (configured, else the request's origin), without a trailing slash. */
export function baseUrl(event: RequestEvent): string {
	return (event.locals.deps.config.publicUrl ?? event.url.origin).replace(/\/+$/, '');
}

/** Reads a bounded `application/x-www-form-urlencoded` body (the spec's POST format). */
export async function readForm(event: RequestEvent): Promise<URLSearchParams> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.startsWith('application/x-www-form-urlencoded')) {
		throw new VezError('invalid_input', 'Send the request form-encoded (application/x-www-form-urlencoded).');
	}
	const form = new URLSearchParams(await readBodyText(event.request, MAX_API_BODY_BYTES));
	refuseControlCharactersInForm(form);
	return form;
}
