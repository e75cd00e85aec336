import { usersOverview } from '$lib/auth/admin-overview.server';
import { createUser, resetPassword, updateUser } from '$lib/auth/users.server';
import { bool, optional, str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => forPage(event, () => usersOverview(event.locals.deps, event.locals.actor));

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			const user = await createUser(locals.deps, locals.actor, {
				username: str(form, 'username'),
				name: str(form, 'name'),
				password: str(form, 'password'),
				role: str(form, 'role'),
				units: form.getAll('units').map(String),
				organ: optional(form, 'organ')
			});
			return { saved: true, created: user.username };
		});
	},
	update: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await updateUser(locals.deps, locals.actor, str(form, 'username'), {
				name: str(form, 'name'),
				role: str(form, 'role'),
				units: form.getAll('units').map(String),
				organ: optional(form, 'organ'),
				active: bool(form, 'active')
			});
			return { saved: true };
		});
	},
	reset: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await resetPassword(locals.deps, locals.actor, str(form, 'username'), { password: str(form, 'password') });
			return { saved: true, reset: true };
		});
	}
};
