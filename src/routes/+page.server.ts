import { homeFor } from '$lib/auth/actor';
import { unitDeviceLinks } from '$lib/demo/device-links.server';
import { listUnits } from '$lib/units/list-units.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const units = await listUnits(locals.deps);
	const links = await unitDeviceLinks(locals.deps.db, units.map((u) => u.slug));
	return {
		units: units.map((u) => ({ ...u, links: links.get(u.slug)! })),
		home: locals.actor.kind === 'user' ? homeFor(locals.actor.role) : null
	};
};
