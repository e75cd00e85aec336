import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../engines';
import { givenUnit, type GivenUnit } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { insertToken, revokeTokenRow } from '../../../src/lib/auth/store.server';
import { demoKioskToken, demoPanelToken } from '../../../src/lib/demo/city';
import { unitDeviceLinks } from '../../../src/lib/demo/device-links.server';

for (const engine of engines()) {
	describe(`the home page's kiosk and panel links on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let demo: GivenUnit;
		let real: GivenUnit;
		let panelTokenId: string;

		beforeAll(async () => {
			handle = await engine.open();
			demo = await givenUnit(handle.db);
			real = await givenUnit(handle.db);
			await insertToken(handle.db, { name: 'Totem', kind: 'kiosk', unit_id: demo.id, secret: demoKioskToken(demo.slug), created_by: null, scopes: [] });
			panelTokenId = await insertToken(handle.db, { name: 'Painel', kind: 'panel', unit_id: demo.id, secret: demoPanelToken(demo.slug), created_by: null, scopes: [] });
			// The demo's kiosk secret of one unit, held by another unit's token, opens nothing there.
			await insertToken(handle.db, { name: 'Outro', kind: 'kiosk', unit_id: demo.id, secret: demoKioskToken(real.slug), created_by: null, scopes: [] });
		});
		afterAll(() => handle?.close());

		it("carries a unit's live demo tokens, and nothing where a city holds its own", async () => {
			const links = await unitDeviceLinks(handle.db, [demo.slug, real.slug]);
			expect(links.get(demo.slug)).toEqual({
				kiosk: `/kiosk/${demo.slug}?token=${encodeURIComponent(demoKioskToken(demo.slug))}`,
				panel: `/panel/${demo.slug}?token=${encodeURIComponent(demoPanelToken(demo.slug))}`
			});
			expect(links.get(real.slug)).toEqual({ kiosk: `/kiosk/${real.slug}`, panel: `/panel/${real.slug}` });
		});

		it('drops a demo token once it is revoked', async () => {
			await revokeTokenRow(handle.db, panelTokenId, new Date());
			expect((await unitDeviceLinks(handle.db, [demo.slug])).get(demo.slug)?.panel).toBe(`/panel/${demo.slug}`);
		});
	});
}
