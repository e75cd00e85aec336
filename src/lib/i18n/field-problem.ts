import type { Translate } from './index';

/*
 * What is wrong with a form field, as a code the screens translate: zod's own messages are
 * English and technical ("Too small: expected string to have >=1 characters"). Pure.
 */

export type FieldProblemCode =
	| 'required'
	| 'too_short'
	| 'too_long'
	| 'too_small'
	| 'too_big'
	| 'invalid_email'
	| 'invalid_format'
	| 'invalid_choice'
	| 'invalid'
	// Codes use cases put in `fields` themselves.
	| 'taken'
	| 'unknown'
	| 'already_booked'
	// Checks of our own (refine), named where they are made with `ownCheck`.
	| 'invalid_date'
	| 'unknown_zone'
	| 'unit_required'
	| 'deadline_pair'
	| 'start_after_end'
	| 'overlap'
	| 'invalid_cpf'
	| 'contact_required';

/** The options of a check of our own: its message for the API, its problem for the forms. */
export function ownCheck(problem: FieldProblemCode, message: string, path?: PropertyKey[]) {
	return { message, params: { problem }, ...(path ? { path } : {}) };
}

export interface FieldProblem {
	readonly code: FieldProblemCode;
	/** The bound a length or a number broke. */
	readonly n?: number;
}

const CODES: ReadonlySet<string> = new Set<FieldProblemCode>(['taken', 'unknown', 'required', 'already_booked']);

/**
 * The problem of a field, from zod's issue when there was one, else from a use case's own code
 * ('taken', 'unknown'); null for anything else, which is shown as it is.
 */
export function problemOfField(value: string, fromSchema: FieldProblem | undefined): FieldProblem | null {
	return fromSchema ?? (CODES.has(value) ? { code: value as FieldProblemCode } : null);
}

/** A problem in the reader's language. */
export function fieldProblemText(t: Translate, p: FieldProblem): string {
	return t(`form.problem.${p.code}`, p.n === undefined ? undefined : { n: p.n });
}

/** The parts of a zod issue the mapping reads. */
export interface IssueLike {
	readonly code: string;
	readonly origin?: string;
	readonly minimum?: number | bigint;
	readonly maximum?: number | bigint;
	readonly format?: string;
	readonly path: readonly PropertyKey[];
	readonly params?: Record<string, unknown>;
}

/** The value at a path of the parsed input (zod's issues do not carry it). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
	let value = raw;
	for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
	return value;
}

/**
 * The problem a zod issue about `raw` stands for; null for a check of our own (refine) made
 * without `ownCheck`, whose message is kept.
 */
export function fieldProblem(issue: IssueLike, raw: unknown): FieldProblem | null {
	const text = issue.origin === 'string';
	switch (issue.code) {
		case 'invalid_type': {
			const input = valueAt(raw, issue.path);
			return { code: input === undefined || input === null || input === '' ? 'required' : 'invalid' };
		}
		case 'too_small': {
			const n = Number(issue.minimum);
			// An empty text or an empty choice list: the field was left blank.
			if ((text || issue.origin === 'array') && n === 1) return { code: 'required' };
			return { code: text ? 'too_short' : 'too_small', n };
		}
		case 'too_big':
			return { code: text ? 'too_long' : 'too_big', n: Number(issue.maximum) };
		case 'invalid_format':
			return { code: issue.format === 'email' ? 'invalid_email' : 'invalid_format' };
		case 'invalid_value':
		case 'invalid_union':
			return { code: 'invalid_choice' };
		case 'custom': {
			const problem = issue.params?.problem;
			return typeof problem === 'string' ? { code: problem as FieldProblemCode } : null;
		}
		default:
			return { code: 'invalid' };
	}
}
