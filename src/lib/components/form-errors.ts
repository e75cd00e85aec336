/** The per-field problems of a failed form action (`{ error: { fields } }`, see API.md), if any. */
export function fieldErrors(form: unknown): Record<string, string> | undefined {
	if (!form || typeof form !== 'object' || !('error' in form)) return undefined;
	return (form as { error?: { fields?: Record<string, string> } }).error?.fields;
}

/** `use:enhance` that keeps what was typed after an answer (SvelteKit's default empties the form). */
export const keepFields = () => async ({ update }: { update: (options?: { reset?: boolean }) => Promise<void> }) => update({ reset: false });
