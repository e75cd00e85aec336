import { tokensOverview } from '$lib/auth/admin-overview.server';
import { createToken, revokeToken } from '$lib/auth/tokens.server';
import { tokenFromForm } from '$lib/auth/token-form.server';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { str } from '$lib/server/http/form';

export const load: PageServerLoad = (event) => forPage(event, () => tokensOverview(event.locals.deps, event.locals.actor));

export const actions: Actions = {
	createToken: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const created = await createToken(locals.deps, locals.actor, tokenFromForm(form));
			return { createdToken: { name: created.name, token: created.token } };
		});
	},
	revokeToken: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await revokeToken(locals.deps, locals.actor, str(form, 'id'));
			return { revoked: true };
		});
	}
};
