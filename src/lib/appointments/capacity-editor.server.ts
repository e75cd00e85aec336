import type { Actor } from '$lib/auth/actor';
import { isVezError, VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { str } from '$lib/server/http/form';
import { capacityFromDraft, draftFromForm, editDraft, type CapacityDraft } from './capacity-form';
import { setCapacity } from './capacity.server';

/**
 * The capacity editor's POST (/manage/appointments): an add/remove button gives the changed
 * draft back unsaved; a save goes through `setCapacity` (schema, permission, audit), and its
 * field errors come back named as the editor's fields. Nothing is saved unless all is valid.
 */
export async function submitCapacityEditor(deps: Deps, actor: Actor, form: FormData): Promise<{ saved: true } | { draft: CapacityDraft }> {
	const draft = draftFromForm(form);
	const op = str(form, 'op');
	const edited = op && op !== 'save' ? editDraft(draft, op) : null;
	if (edited) return { draft: edited };
	const { input, missingDays, editorFields } = capacityFromDraft(draft);
	if (Object.keys(missingDays).length) throw new VezError('invalid_input', 'Some fields are missing or invalid.', missingDays);
	try {
		await setCapacity(deps, actor, str(form, 'unit'), str(form, 'service'), input);
	} catch (e) {
		if (isVezError(e) && e.fields) throw new VezError(e.code, e.message, editorFields(e.fields));
		throw e;
	}
	return { saved: true };
}
