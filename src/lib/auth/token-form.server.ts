import { optional, str } from '$lib/server/http/form';

/**
 * The admin screen's token form as NewTokenInput's JSON. Its scope boxes are on the form whatever
 * the kind chosen, so they count only for an integration token: a kiosk or panel posted with them
 * ignores them (the API refuses scopes on those kinds instead).
 */
export function tokenFromForm(form: FormData) {
	const kind = str(form, 'kind');
	return {
		kind,
		unit: optional(form, 'unit'),
		name: str(form, 'name'),
		...(kind === 'integration' ? { scopes: form.getAll('scope').map(String) } : {})
	};
}
