import { unitServices } from '$lib/queue/queue-views.server';
import { forPage } from '$lib/server/http/page';
import { listPriorities } from '$lib/units/priorities.server';
import { acceptsTicketsAt, nextOpening } from '$lib/units/hours';
import { unitBySlug } from '$lib/units/store.server';
import type { PageServerLoad } from './$types';

/**
 * The kiosk's first screen: the unit's services with their waits and the legal priority
 * groups. Public data only — the device token stays in the browser and goes with the issue.
 */
export const load: PageServerLoad = (event) => {
	const slug = event.params.unit;
	event.depends(`vez:kiosk:${slug}`);
	return forPage(event, async () => {
		const deps = event.locals.deps;
		const [unit, services, priorities] = await Promise.all([unitBySlug(deps.db, slug), unitServices(deps, slug), listPriorities(deps)]);
		const now = deps.now();
		// The same rule issueTicket enforces, so a closed unit says so before anyone taps.
		const issuing = acceptsTicketsAt(unit, now);
		return {
			unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
			services,
			priorities: priorities
				.filter((p) => p.weight > 0)
				.map((p) => ({ code: p.code, name: p.name, weight: p.weight, requiresDocument: p.requiresDocument })),
			closed: issuing ? null : { opensAt: nextOpening(unit.opening_hours, unit.timezone, now)?.toISOString() ?? null }
		};
	});
};
