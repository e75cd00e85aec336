import { deserialize } from '$app/forms';
import { ERROR_STATUS, type ErrorCode } from '$lib/errors';

/*
 * The screens' one client for the JSON API (safe in the browser): every answer becomes a typed
 * result, so a screen never parses an error body itself nor mistakes a lost server for a refusal.
 * "Unreachable" (no answer, a timeout, or a gateway's page instead of ours) is its own kind:
 * screens say so in their words and offer a retry, which for a keyed request sends the same key.
 */

/** The form field that carries a form action's idempotency key (the JSON API uses the `Idempotency-Key` header). */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

/** A code from the API's error body; `internal_error` for a 5xx of ours or an answer we cannot read. */
export type ApiErrorCode = ErrorCode | 'internal_error';

export interface ApiFailure {
	ok: false;
	kind: 'error';
	status: number;
	code: ApiErrorCode;
	message: string;
	fields: Readonly<Record<string, string>>;
}

/** No answer from Vez: the network or the server is down, the answer took too long, or a proxy answered for it. */
export interface ApiUnreachable {
	ok: false;
	kind: 'unreachable';
	reason: 'network' | 'timeout' | 'gateway';
}

export interface ApiSuccess<T> {
	ok: true;
	status: number;
	/** The decoded JSON body; `null` for an empty answer (204). */
	data: T;
}

export type ApiResult<T> = ApiSuccess<T> | ApiFailure | ApiUnreachable;

export interface ApiRequest {
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Sent as JSON. */
	body?: unknown;
	/** A device's bearer token (kiosk, rating tablet); screens of signed-in people use their cookie. */
	token?: string | null;
	/** Sent as `Idempotency-Key`: one per user action, the same on its retries (see `newIdempotencyKey`). */
	idempotencyKey?: string;
	/** Gives up after this long and answers `unreachable`/`timeout`. */
	timeoutMs?: number;
	signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

const KNOWN_CODES = new Set<string>(Object.keys(ERROR_STATUS));

/** Calls the API and decodes its answer once, here. Never throws for a network or server failure. */
export async function apiRequest<T>(path: string, request: ApiRequest = {}): Promise<ApiResult<T>> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (request.body !== undefined) headers['content-type'] = 'application/json';
	if (request.token) headers.authorization = `Bearer ${request.token}`;
	if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
	const sent = await send(path, {
		method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
		headers,
		body: request.body === undefined ? undefined : JSON.stringify(request.body)
	}, request);
	return sent.ok ? decode<T>(sent.res, sent.timeout) : sent.failure;
}

/**
 * Calls one of the page's form actions from script (a look-up whose input must not travel in an
 * address, such as a CPF) and decodes SvelteKit's answer into the same result as the API's.
 */
export async function formAction<T>(action: string, form: FormData, request: Pick<ApiRequest, 'timeoutMs' | 'signal'> = {}): Promise<ApiResult<T>> {
	const sent = await send(action, { method: 'POST', headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }, body: form }, request);
	if (!sent.ok) return sent.failure;
	let result: ReturnType<typeof deserialize>;
	try {
		result = deserialize(await sent.res.text());
	} catch {
		// Not SvelteKit's answer: a proxy's page while Vez is away, or a cut-off body.
		return { ok: false, kind: 'unreachable', reason: sent.timeout.aborted ? 'timeout' : 'gateway' };
	}
	if (result.type === 'success') return { ok: true, status: sent.res.status, data: (result.data ?? null) as T };
	if (result.type === 'redirect') return { ok: true, status: result.status, data: null as T };
	const error = result.type === 'failure' ? errorOf(result.data) : null;
	return {
		ok: false,
		kind: 'error',
		status: result.status ?? sent.res.status,
		code: error && KNOWN_CODES.has(error.code) ? (error.code as ErrorCode) : 'internal_error',
		message: error?.message ?? sent.res.statusText,
		fields: error?.fields ?? {}
	};
}

type Sent = { ok: true; res: Response; timeout: AbortSignal } | { ok: false; failure: ApiUnreachable };

async function send(url: string, init: RequestInit, request: Pick<ApiRequest, 'timeoutMs' | 'signal'>): Promise<Sent> {
	const timeout = AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
	try {
		const res = await fetch(url, { ...init, cache: 'no-store', signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout });
		return { ok: true, res, timeout };
	} catch (e) {
		if (request.signal?.aborted) throw e;
		return { ok: false, failure: { ok: false, kind: 'unreachable', reason: timeout.aborted ? 'timeout' : 'network' } };
	}
}

async function decode<T>(res: Response, timeout: AbortSignal): Promise<ApiResult<T>> {
	let text: string;
	try {
		text = await res.text();
	} catch {
		return { ok: false, kind: 'unreachable', reason: timeout.aborted ? 'timeout' : 'network' };
	}
	const json = (res.headers.get('content-type') ?? '').includes('application/json') ? parseJson(text) : undefined;
	if (res.ok) return { ok: true, status: res.status, data: (json ?? null) as T };
	const error = errorOf(json);
	// A load balancer's or proxy's own page while Vez is away says nothing about the request.
	if (!error && (res.status === 502 || res.status === 503 || res.status === 504)) return { ok: false, kind: 'unreachable', reason: 'gateway' };
	return {
		ok: false,
		kind: 'error',
		status: res.status,
		code: error && KNOWN_CODES.has(error.code) ? (error.code as ErrorCode) : 'internal_error',
		message: error?.message ?? res.statusText,
		fields: error?.fields ?? {}
	};
}

function parseJson(text: string): unknown {
	try {
		return text === '' ? null : JSON.parse(text);
	} catch {
		return undefined;
	}
}

function errorOf(json: unknown): { code: string; message: string; fields?: Record<string, string> } | null {
	const error = (json as { error?: unknown } | null | undefined)?.error as Record<string, unknown> | undefined;
	if (!error || typeof error.code !== 'string') return null;
	const fields = error.fields && typeof error.fields === 'object' ? (error.fields as Record<string, string>) : undefined;
	return { code: error.code, message: typeof error.message === 'string' ? error.message : error.code, fields };
}

/**
 * Worth trying again as it is: nobody answered, the server is unavailable for now (503, e.g. its
 * database is away) or failed (5xx). Screens offer their retry for these, not for a refusal.
 */
export function worthRetrying(result: ApiFailure | ApiUnreachable): boolean {
	return result.kind === 'unreachable' || result.code === 'unavailable' || result.status >= 500;
}

/**
 * A fresh idempotency key for one user action: 128 random bits in hex. `crypto.getRandomValues`
 * works on plain-http kiosks on a local network, where `crypto.randomUUID` does not.
 */
export function newIdempotencyKey(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
