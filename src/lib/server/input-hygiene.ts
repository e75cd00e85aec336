import { VezError } from '$lib/errors';

/*
 * The one place that refuses text no field of Vez can hold: NUL (PostgreSQL's text type cannot
 * store it and answers with an error) and the other control characters, which no person types
 * and which only ever arrive to break a log line, a printer or a CSV cell. Free text keeps tab
 * and line breaks (notes, descriptions); names in a path or a header keep none. Lone UTF-16
 * surrogates (`"\ud800"` in JSON) are refused too: they are not characters and UTF-8 cannot
 * carry them. The hooks check every URL; readJson, readForm and Open311's reader every body.
 */

const IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u;
const IN_NAME = /[\u0000-\u001F\u007F-\u009F]|\p{Cs}/u;

/** Whether `value` holds a character no text field accepts; `multiline` allows tab, CR and LF. */
export function hasControlCharacter(value: string, multiline = true): boolean {
	return (multiline ? IN_TEXT : IN_NAME).test(value);
}

function refused(field: string): VezError {
	return new VezError('invalid_input', `The field "${field}" contains a control character.`, { [field]: 'Control characters (such as NUL) are not allowed.' });
}

/** Throws `invalid_input` naming the first field (or key) of a parsed JSON value that holds a control character. */
export function refuseControlCharactersInJson(value: unknown): void {
	// Iterative on purpose: a 64 KB body can nest thousands of levels deep.
	const pending: [unknown, string][] = [[value, '']];
	while (pending.length) {
		const [v, at] = pending.pop()!;
		if (typeof v === 'string') {
			if (hasControlCharacter(v)) throw refused(at || '_');
		} else if (Array.isArray(v)) {
			v.forEach((item, i) => pending.push([item, at ? `${at}.${i}` : String(i)]));
		} else if (v !== null && typeof v === 'object') {
			for (const [key, item] of Object.entries(v)) {
				const path = at ? `${at}.${key}` : key;
				if (hasControlCharacter(key, false)) throw refused(path);
				pending.push([item, path]);
			}
		}
	}
}

/** Throws `invalid_input` naming the first form field whose name or text holds a control character. */
export function refuseControlCharactersInForm(entries: Iterable<[string, FormDataEntryValue]>): void {
	for (const [key, value] of entries) {
		if (hasControlCharacter(key, false)) throw refused(key.replace(IN_NAME, '?'));
		if (typeof value === 'string' && hasControlCharacter(value)) throw refused(key);
	}
}

/** The refusal of an address whose percent-encoding is not UTF-8 (`/x%FF`). */
export const malformedAddress = (): VezError => new VezError('invalid_input', 'The address holds a malformed percent-encoding.', { path: 'Malformed percent-encoding.' });

/** Whether SvelteKit cannot decode the path (it decodes it as decodeURI does, `%25` kept), e.g. `/x%FF`. */
export function undecodablePath(url: URL): boolean {
	try {
		url.pathname.split('%25').forEach((part) => decodeURI(part));
		return false;
	} catch {
		return true;
	}
}

/**
 * Checks a request's URL: each path segment (as a route parameter will see it, decoded) and
 * each query parameter. Returns the problem as a VezError rather than throwing, so the hooks
 * can answer in the route's own error format.
 */
export function urlProblem(url: URL): VezError | null {
	for (const segment of url.pathname.split('/')) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			return malformedAddress();
		}
		if (hasControlCharacter(decoded, false)) {
			return new VezError('invalid_input', 'The address contains a control character.', { path: 'Control characters (such as NUL) are not allowed.' });
		}
	}
	// URLSearchParams decodes malformed escapes to U+FFFD instead of throwing: only control characters matter here.
	for (const [key, value] of url.searchParams) {
		if (hasControlCharacter(key, false) || hasControlCharacter(value)) return refused(key.replace(IN_NAME, '?'));
	}
	return null;
}
