import { sha256 } from '../auth/secrets.server.js';
import type { Db } from '../server/db/database.js';
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
	const live = demo.size
		? await db
				.selectFrom('api_tokens')
				.innerJoin('units', 'units.id', 'api_tokens.unit_id')
				.select(['api_tokens.token_hash', 'api_tokens.kind', 'units.slug'])
				.where('api_tokens.token_hash', 'in', [...demo.keys()])
				.where('api_tokens.revoked_at', 'is', null)
				.execute()
		: [];
	const tokenOf = (slug: string, kind: 'kiosk' | 'panel') => {
		const row = live.find((r) => r.slug === slug && r.kind === kind && demo.get(r.token_hash)?.slug === slug);
		return row ? `?token=${encodeURIComponent(demo.get(row.token_hash)!.secret)}` : '';
	};
	return new Map(
		slugs.map((slug) => [slug, { kiosk: `/kiosk/${slug}${tokenOf(slug, 'kiosk')}`, panel: `/panel/${slug}${tokenOf(slug, 'panel')}` }])
	);
}
