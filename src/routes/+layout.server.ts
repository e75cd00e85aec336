import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const actor = locals.actor;
	return {
		lang: locals.lang,
		/** The zone of records that belong to no unit (protocols, audit, outbox): VEZ_CITY_TIMEZONE. */
		cityZone: locals.deps.config.cityZone,
		user: actor.kind === 'user' ? { name: actor.name, username: actor.username, role: actor.role } : null
	};
};
