import { anonymiseCitizen, citizenReport } from '$lib/citizens/lgpd.server';
import { authorize } from '$lib/auth/authorize';
import { VezError } from '$lib/errors';
import { str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, async () => authorize(event.locals.actor, 'admin'));

// The CPF travels only in POST bodies: the report is the action's answer, never an address.
export const actions: Actions = {
	report: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => ({ report: await citizenReport(locals.deps, locals.actor, { cpf: str(form, 'cpf') }, 'screen /admin/citizens') }));
	},
	anonymise: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			if (form.get('confirm') !== 'on') throw new VezError('invalid_input', 'Confirm the anonymisation: it cannot be undone.', { confirm: 'required' });
			return { anonymised: await anonymiseCitizen(locals.deps, locals.actor, { cpf: str(form, 'cpf'), reason: str(form, 'reason') }, 'screen /admin/citizens') };
		});
	}
};
