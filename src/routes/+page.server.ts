import { homeFor } from '$lib/auth/actor';
import { listUnits } from '$lib/units/list-units.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	units: await listUnits(locals.deps),
	home: locals.actor.kind === 'user' ? homeFor(locals.actor.role) : null
});
