import type { Deps } from '$lib/server/deps';
import { unitBySlug } from '$lib/units/store.server';
import { lastCalls } from './queue-views.server';
import type { CallView } from './views';

/** Enough history to fill the panel after repeated numbers (recalls) and a counter filter are taken out. */
const HISTORY = 30;

/** The TV panel's snapshot: the unit and its last calls — public data only, like the panel's room. */
export async function panelScreen(deps: Deps, slug: string): Promise<{ unit: { slug: string; name: string; timezone: string }; calls: CallView[] }> {
	const [unit, calls] = await Promise.all([unitBySlug(deps.db, slug), lastCalls(deps, slug, { limit: HISTORY })]);
	return { unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone }, calls };
}
