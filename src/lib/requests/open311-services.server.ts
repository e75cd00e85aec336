import type { Deps } from '$lib/server/deps';
import { searchServices, serviceEntry } from '$lib/catalogue/catalogue-views.server';
import { open311Service, serviceAttributes, type Open311Attribute, type Open311Service } from './open311';

/** GET Service List: the whole catalogue, as Open311 services. */
export async function open311Services(deps: Deps): Promise<Open311Service[]> {
	return (await searchServices(deps, {})).map(open311Service);
}

/** GET Service Definition: the citizen and manifestação attributes a POST for this service takes; an unknown code is not found. */
export async function open311ServiceDefinition(deps: Deps, code: string): Promise<{ code: string; attributes: Open311Attribute[] }> {
	const entry = await serviceEntry(deps, code);
	return { code: entry.code, attributes: serviceAttributes(entry) };
}
