/*
 * Reading HTML form fields into the JSON shape a use case's schema validates: routes stay thin
 * and the schema, not the route, judges the values.
 */

export const str = (form: FormData, key: string) => String(form.get(key) ?? '');

/** A number typed in a form; an empty or non-numeric field stays a string so validation names it. */
export const num = (form: FormData, key: string) => {
	const v = str(form, key).trim();
	return v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
};

/** A number, or null for a field left blank. */
export const numOrNull = (form: FormData, key: string) => (str(form, key).trim() === '' ? null : num(form, key));

/** A checkbox. */
export const bool = (form: FormData, key: string) => form.get(key) === 'on';

/** Text or undefined for a blank field (optional references such as a unit or organ). */
export const optional = (form: FormData, key: string) => str(form, key).trim() || undefined;

/** Text or null for a blank field, where the use case reads null as "none" (a new row, the unit's default printer). */
export const optionalOrNull = (form: FormData, key: string) => optional(form, key) ?? null;

/** A textarea with one item per line. */
export const lines = (form: FormData, key: string) =>
	str(form, key)
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
