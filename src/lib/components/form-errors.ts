/** The per-field problems of a failed form action (`{ error: { fields } }`, see docs/api.md#errors), if any. */
export function fieldErrors(form: unknown): Record<string, string> | undefined {
	if (!form || typeof form !== 'object' || !('error' in form)) return undefined;
	return (form as { error?: { fields?: Record<string, string> } }).error?.fields;
}
