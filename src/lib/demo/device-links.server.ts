import { sha256 } from '../auth/secrets.server.js';
import { liveDeviceTokens } from '../auth/store.server.js';
import type { Db } from '../server/db/database.js';
import type { Deps } from '../server/deps.js';
import { listUnits } from '../units/list-units.server.js';
import type { UnitView } from '../units/views.js';
import { demoKioskToken, demoPanelToken } from './city.js';

export interface UnitDeviceLinks {
	kiosk: string;
	panel: string;
}

/**
 * The kiosk and panel addresses the home page shows for each unit. Where the demo's device
 * tokens are still live (a demo city), the links carry them, so someone trying the demo lands
 * on a working kiosk instead of a "not issuing tickets" screen; a real city has no such tokens
 * (or revoked them) and gets the bare addresses its devices already hold tokens for.
 */
export async function unitDeviceLinks(db: Db, slugs: readonly string[]): Promise<Map<string, UnitDeviceLinks>> {
	const demo = new Map(slugs.flatMap((slug) => [[sha256(demoKioskToken(slug)), { slug, secret: demoKioskToken(slug) }], [sha256(demoPanelToken(slug)), { slug, secret: demoPanelToken(slug) }]]));
	const live = await liveDeviceTokens(db, [...demo.keys()]);
	const tokenOf = (slug: string, kind: 'kiosk' | 'panel') => {
		const row = live.find((r) => r.unitSlug === slug && r.kind === kind && demo.get(r.tokenHash)?.slug === slug);
		return row ? `?token=${encodeURIComponent(demo.get(row.tokenHash)!.secret)}` : '';
	};
	return new Map(
		slugs.map((slug) => [slug, { kiosk: `/kiosk/${slug}${tokenOf(slug, 'kiosk')}`, panel: `/panel/${slug}${tokenOf(slug, 'panel')}` }])
	);
}

/** The home page's units: the public list, each with its kiosk and panel addresses. */
export async function unitsWithDeviceLinks(deps: Deps): Promise<(UnitView & { links: UnitDeviceLinks })[]> {
	const units = await listUnits(deps);
	const links = await unitDeviceLinks(deps.db, units.map((u) => u.slug));
	return units.map((u) => ({ ...u, links: links.get(u.slug)! }));
}
