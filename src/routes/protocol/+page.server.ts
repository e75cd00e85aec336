import { findOwnProtocol } from '$lib/requests/find-protocol.server';
import { forAction, readForm, withTyped } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { str } from '$lib/server/http/form';

export const load: PageServerLoad = ({ url }) => ({ number: url.searchParams.get('numero') ?? '' });

// A POST, not a GET: the CPF stays out of addresses, history and access logs.
export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const form = await readForm(request);
		const typed = { number: str(form, 'number'), cpf: str(form, 'cpf').trim(), code: str(form, 'code').trim() };
		const answer = await forAction(async () => ({ protocol: await findOwnProtocol(locals.deps, locals.actor, typed, getClientAddress()) }));
		// The form keeps what was typed after a result, to look again or correct one field.
		return withTyped(answer, typed);
	}
};
