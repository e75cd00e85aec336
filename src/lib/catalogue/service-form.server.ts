import { bool, lines, num, numOrNull, str } from '$lib/server/http/form';

/** The service form's fields as the ServiceInput JSON (the schema judges them). */
export function serviceFromForm(form: FormData) {
	return {
		code: str(form, 'code').trim(),
		name: str(form, 'name'),
		organ: str(form, 'organ'),
		theme: str(form, 'theme'),
		subject: str(form, 'subject'),
		description: str(form, 'description'),
		audience: str(form, 'audience'),
		requirements: str(form, 'requirements'),
		documents: lines(form, 'documents'),
		steps: lines(form, 'steps'),
		deadlineAmount: numOrNull(form, 'deadlineAmount'),
		deadlineUnit: str(form, 'deadlineUnit') || null,
		delivery: str(form, 'delivery'),
		fees: str(form, 'fees'),
		legalBasis: str(form, 'legalBasis'),
		channels: form.getAll('channels').map(String),
		anonymousAllowed: bool(form, 'anonymousAllowed'),
		expectedWaitMinutes: num(form, 'expectedWaitMinutes'),
		expectedServiceMinutes: num(form, 'expectedServiceMinutes'),
		complaints: str(form, 'complaints'),
		keywords: str(form, 'keywords'),
		active: bool(form, 'active')
	};
}
