import { z } from 'zod';
import type { FieldProblem } from './i18n/field-problem';

/** Every failure a use case can report, with the HTTP status docs/api.md#errors gives it. */
export const ERROR_STATUS = {
	invalid_input: 400,
	invalid_json: 400,
	payload_too_large: 413,
	unauthenticated: 401,
	invalid_credentials: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	unit_not_found: 404,
	service_not_found: 404,
	counter_not_found: 404,
	ticket_not_found: 404,
	priority_not_found: 404,
	user_not_found: 404,
	token_not_found: 404,
	printer_not_found: 404,
	protocol_not_found: 404,
	organ_not_found: 404,
	appointment_not_found: 404,
	invalid_manage_token: 403,
	conflict: 409,
	username_taken: 409,
	invalid_transition: 409,
	counter_closed: 409,
	counter_busy: 409,
	counter_taken: 409,
	unit_closed: 409,
	priority_not_allowed: 409,
	service_not_offered: 409,
	not_finished: 409,
	already_rated: 409,
	slot_full: 409,
	slot_not_offered: 409,
	already_booked: 409,
	appointment_not_active: 409,
	check_in_too_early: 409,
	check_in_too_late: 409,
	idempotency_mismatch: 422,
	webhook_not_found: 404,
	delivery_not_found: 404,
	address_refused: 422,
	ticket_not_waiting: 409,
	remote_not_allowed: 409,
	remote_cap_reached: 409,
	not_awaiting_arrival: 409,
	channel_unavailable: 422,
	window_closed: 409,
	rate_limited: 429,
	secret_key_missing: 503,
	unavailable: 503
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class VezError extends Error {
	/** For `rate_limited`: seconds until an attempt may pass again, sent as `Retry-After`. */
	retryAfterSeconds?: number;

	/** A 429 saying when to try again. */
	static rateLimited(message: string, retryAfterSeconds: number): VezError {
		const e = new VezError('rate_limited', message);
		e.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
		return e;
	}

	constructor(
		readonly code: ErrorCode,
		message?: string,
		readonly fields?: Record<string, string>,
		/** What is wrong with each field as a code, so a form can say it in the reader's language. */
		readonly problems?: Readonly<Record<string, FieldProblem>>
	) {
		super(message ?? code.replaceAll('_', ' '));
		this.name = 'VezError';
	}

	get status(): number {
		return ERROR_STATUS[this.code];
	}

	toBody() {
		return {
			error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) }
		};
	}
}

export function isVezError(e: unknown): e is VezError {
	return e instanceof VezError;
}

/** The code of an unexpected failure: answered with 500 and no detail (docs/api.md#errors: never a stack trace). */
export const INTERNAL_ERROR = 'internal_error';

/**
 * The error body of docs/api.md#errors, `{"error": {"code", "message", "fields"?}}`, for the answers with `status`:
 * only the codes `ERROR_STATUS` gives that status may appear (500: `internal_error`), so the
 * OpenAPI document lists, per status, exactly the codes a client can meet.
 */
export function errorBody(status: number) {
	const codes = status === 500 ? [INTERNAL_ERROR] : (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((c) => ERROR_STATUS[c] === status);
	if (codes.length === 0) throw new Error(`No error code answers with ${status}`);
	return z.object({
		error: z.object({
			code: z.enum(codes as [string, ...string[]]),
			message: z.string().meta({ description: 'In words, for a person; not to be parsed' }),
			fields: z.record(z.string(), z.string()).optional().meta({ description: 'Each invalid field (dotted path) with what is wrong with it, e.g. `required`, `invalid_phone`' })
		})
	});
}
