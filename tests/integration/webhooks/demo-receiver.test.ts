import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { givenUnit, kiosk } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { dispatchEvents } from '../../../src/lib/events/dispatch.server';
import { deliverWebhooks, queueWebhookDeliveries } from '../../../src/lib/webhooks/deliver.server';
import { startDemoReceiver, type DemoReceiver } from '../../../src/lib/webhooks/demo-receiver.server';
import { ensureDemoWebhook, secretsForUrl } from '../../../src/lib/webhooks/webhooks.server';

for (const engine of engines()) {
	describe(`demo webhook receiver on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let receiver: DemoReceiver;
		beforeAll(async () => {
			handle = await engine.open();
		});
		afterAll(async () => {
			await receiver?.close();
			await handle.close();
		});

		it('receives every event of the demo, shows it on its page with the signature verified, and is created once', async () => {
			const { deps } = testDeps(handle);
			deps.config = { ...deps.config, webhooksAllowPrivate: true };
			let url = '';
			receiver = await startDemoReceiver({ port: 0, secrets: () => secretsForUrl(deps, url) });
			url = receiver.hookUrl;
			await ensureDemoWebhook(deps, url);
			await ensureDemoWebhook(deps, url);
			expect(await handle.db.selectFrom('webhook_endpoints').select('id').where('url', '=', url).execute()).toHaveLength(1);

			const unit = await givenUnit(handle.db);
			const ticket = await issueTicket(deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, 'http://vez.test');
			await dispatchEvents(handle.db, [queueWebhookDeliveries], deps.now());
			expect(await deliverWebhooks(deps)).toMatchObject({ delivered: 1 });
			expect(receiver.received()).toMatchObject([{ type: 'ticket.created', verified: true }]);
			const html = await (await fetch(receiver.pageUrl)).text();
			expect(html).toContain('ticket.created');
			expect(html).toContain('assinatura válida');
			expect(html).toContain(ticket.number);

			// A delivery signed with another secret shows as not verified (and is refused).
			const forged = await fetch(receiver.hookUrl, {
				method: 'POST',
				headers: { 'webhook-id': 'msg_x', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' },
				body: '{"type":"ticket.called"}'
			});
			expect(forged.status).toBe(401);
			expect(receiver.received()[0]).toMatchObject({ type: 'ticket.called', verified: false });
		});
	});
}
