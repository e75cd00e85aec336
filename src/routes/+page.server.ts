import { homeFor } from '$lib/auth/actor';
import { unitsWithDeviceLinks } from '$lib/demo/device-links.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	units: await unitsWithDeviceLinks(locals.deps),
	home: locals.actor.kind === 'user' ? homeFor(locals.actor.role) : null
});
