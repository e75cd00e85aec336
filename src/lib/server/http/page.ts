import { error, fail, isActionFailure, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { translator } from '$lib/i18n';
import { fieldProblemText, problemOfField } from '$lib/i18n/field-problem';
import { isVezError, type VezError } from '$lib/errors';
import { IDEMPOTENCY_FIELD } from '$lib/api/client';
import { MAX_FORM_BODY_BYTES, readBodyBytes } from './body';
import { refuseControlCharactersInForm } from '$lib/server/input-hygiene';
import { errorHeaders } from './api';
import { idempotencyKey, type IdempotencyKey } from '$lib/server/idempotency.server';

/**
 * Runs a screen's use case: nobody signed in goes to the login page, a refusal or a missing
 * record becomes SvelteKit's error page with the right status (403, 404), never a crash.
 */
export async function forPage<T>(event: RequestEvent, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (!isVezError(e)) throw e;
		if (e.code === 'unauthenticated') {
			redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		}
		setErrorHeaders(event, e);
		error(e.status, { message: e.message, code: e.code });
	}
}

function setErrorHeaders(event: RequestEvent, e: VezError): void {
	event.setHeaders(errorHeaders(e));
}

/**
 * Runs a form action's use case: a VezError goes back to the form with its code, message and
 * fields, each field's problem said in the reader's language (the JSON API keeps zod's English).
 */
export async function forAction<T>(fn: () => Promise<T>) {
	try {
		return await fn();
	} catch (e) {
		if (!isVezError(e)) throw e;
		setErrorHeaders(getRequestEvent(), e);
		const body = e.toBody();
		if (!e.fields) return fail(e.status, body);
		const t = translator(getRequestEvent().locals.lang);
		const said = (key: string, value: string) => {
			const problem = problemOfField(value, e.problems?.[key]);
			return problem ? fieldProblemText(t, problem) : value;
		};
		const fields = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, said(k, v)]));
		return fail(e.status, { error: { ...body.error, fields } });
	}
}

/**
 * The posted form of an action, bounded in size: a body that is too large, not a well-formed
 * form, or holds a control character is a 400 or 413 naming the problem, never a crash.
 */
export async function readForm(request: Request): Promise<FormData> {
	let form: FormData;
	try {
		const bytes = await readBodyBytes(request, MAX_FORM_BODY_BYTES);
		form = await new Response(Uint8Array.from(bytes), { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
	} catch (e) {
		if (isVezError(e)) {
			setErrorHeaders(getRequestEvent(), e);
			error(e.status, { message: e.message, code: e.code });
		}
		error(400, { message: 'The request body is not a valid form.', code: 'invalid_input' });
	}
	try {
		refuseControlCharactersInForm(form);
	} catch (e) {
		if (isVezError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
	return form;
}

/**
 * A form action's answer with what the person typed, success or failure, so the form shows it
 * again (without JavaScript too) instead of wiping every field. The values go back only in
 * the answer to the person who sent them, never into an address or a log.
 */
export function withTyped<T extends object, F extends Record<string, unknown>, V extends Record<string, string>>(
	answer: T | ActionFailure<F>,
	typed: V
): (T & { typed: V }) | ActionFailure<F & { typed: V }> {
	if (isActionFailure(answer)) return fail(answer.status, { ...(answer.data as unknown as F), typed });
	return { ...(answer as T), typed };
}

/** The idempotency key a form sent with its action (one per user action, made in the browser); a malformed one is a 400. */
export function formIdempotencyKey(event: RequestEvent, form: FormData): IdempotencyKey | null {
	const value = form.get(IDEMPOTENCY_FIELD);
	return idempotencyKey(typeof value === 'string' ? value : null, event.locals.actor, event.getClientAddress());
}
