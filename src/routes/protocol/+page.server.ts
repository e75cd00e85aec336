import { VezError } from '$lib/errors';
import { findProtocol } from '$lib/requests/find-protocol.server';
import { forAction, readForm, withTyped } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { str } from '$lib/server/http/form';

export const load: PageServerLoad = ({ url }) => ({ number: url.searchParams.get('numero') ?? '' });

// A POST, not a GET: the CPF stays out of addresses, history and access logs.
export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const form = await readForm(request);
		const number = str(form, 'number');
		const cpf = str(form, 'cpf').trim();
		const code = str(form, 'code').trim();
		const answer = await forAction(async () => {
			if (!cpf && !code) throw new VezError('invalid_input', 'Give the CPF or the access code.', { cpf: 'required' });
			return { protocol: await findProtocol(locals.deps, locals.actor, number, { cpf, code, address: getClientAddress() }) };
		});
		// The form keeps what was typed after a result, to look again or correct one field.
		return withTyped(answer, { number, cpf, code });
	}
};
