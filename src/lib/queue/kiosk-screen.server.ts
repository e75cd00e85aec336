import type { Deps } from '$lib/server/deps';
import { offeredChannels } from '$lib/notify/providers.server';
import { closedNow } from '$lib/units/hours';
import { listPriorities } from '$lib/units/priorities.server';
import { unitBySlug } from '$lib/units/store.server';
import { unitServices } from './queue-views.server';

/**
 * The kiosk's first screen: the unit's services with their waits and the legal priority groups.
 * Public data only — the device token stays in the browser and goes with the issue.
 */
export async function kioskScreen(deps: Deps, slug: string) {
	const [unit, services, priorities] = await Promise.all([unitBySlug(deps.db, slug), unitServices(deps, slug), listPriorities(deps)]);
	return {
		unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
		services,
		priorities: priorities
			.filter((p) => p.weight > 0)
			.map((p) => ({ code: p.code, name: p.name, weight: p.weight, requiresDocument: p.requiresDocument })),
		// "Avise-me no celular" after issuing: the phone channels with a provider configured.
		notifyChannels: offeredChannels(deps.config.providers).filter((c) => c !== 'webpush'),
		// The rule the issue enforces, so a closed unit says so before anyone taps.
		closed: closedNow(unit, deps.now())
	};
}
