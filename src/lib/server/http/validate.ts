import { z } from 'zod';
import { VezError } from '$lib/errors';
import { fieldProblem, type FieldProblem } from '$lib/i18n/field-problem';

/** Parses input with a zod schema; a failure becomes one `invalid_input` error naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
	const result = schema.safeParse(raw);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	const problems: Record<string, FieldProblem> = {};
	for (const issue of result.error.issues) {
		const key = issue.path.length ? issue.path.join('.') : '_';
		if (key in fields) continue;
		fields[key] = issue.message;
		const problem = fieldProblem(issue, raw);
		if (problem) problems[key] = problem;
	}
	throw new VezError('invalid_input', 'Some fields are missing or invalid.', fields, problems);
}

/** A bounded, trimmed, non-empty text field: bodies never carry megabytes into the database. */
export const text = (max = 200) => z.string().trim().min(1).max(max);
/**
 * For `z.preprocess`: a blank string (an empty form field a screen posted as JSON) counts as not
 * given, as `optional()` in form.ts reads a blank form field.
 */
export const blankAsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
export const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(60);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids from paths are checked before they reach a uuid column, so a malformed one is a 404, never a 500. */
export const isUuid = (value: string) => UUID.test(value);
