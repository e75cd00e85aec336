import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const actor = locals.actor;
	return {
		lang: locals.lang,
		user: actor.kind === 'user' ? { name: actor.name, username: actor.username, role: actor.role } : null
	};
};
