import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { issueTicket, openPage, resetUnit, signIn, staffApi, type CounterView } from './support';

// An admin connects a receiver through /admin/webhooks, against a receiver of this test on
// loopback (the e2e server is the demo, which allows private addresses). Every delivery is
// verified with the Standard Webhooks reference library. Its events come from the unit
// `lagoa`, which no other journey uses.
const UNIT = 'lagoa';
const CLERK = 'atendente.lagoa';
const DESCRIPTION = `Data lake ${Date.now().toString(36)}`;

interface Delivery {
	id: string;
	verified: boolean;
	payload: { type: string; data: Record<string, unknown> };
}

/** Answers each delivery with the next scripted status (200 when none), verifying its signature. */
function startReceiver() {
	const received: Delivery[] = [];
	const script: number[] = [];
	let secret: string | null = null;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			let verified = false;
			try {
				if (secret) new Webhook(secret).verify(body, { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) });
				verified = secret !== null;
			} catch {
				verified = false;
			}
			received.push({ id: String(req.headers['webhook-id']), verified, payload: JSON.parse(body) });
			res.writeHead(script.shift() ?? 200, { 'content-type': 'text/plain' }).end('thanks');
		});
	});
	return {
		received,
		script,
		trust: (s: string) => (secret = s),
		listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/vez`))),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

const rx = startReceiver();
let receiverUrl: string;

test.beforeAll(async () => {
	receiverUrl = await rx.listen();
});
test.afterAll(async ({ baseURL }) => {
	await resetUnit(baseURL!, UNIT, CLERK);
	await rx.close();
});

test('an admin connects a webhook: secret shown once, events and units, test event, deliveries, redelivery, disable and enable, all audited', async ({ page, context, baseURL }) => {
	test.setTimeout(120_000);
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await signIn(page, 'admin.demo');
	await openPage(page, '/admin/webhooks');

	await page.getByLabel('URL de destino').fill(receiverUrl);
	await page.getByLabel('Descrição').fill(DESCRIPTION);
	await page.getByLabel('Todos os eventos').uncheck();
	await page.getByLabel('ticket.called').check();
	await page.getByLabel('Pró-Cidadão Lagoa da Conceição').check();
	await page.getByRole('button', { name: 'Criar webhook' }).click();

	// The secret, once, with a copy button that puts exactly it on the clipboard.
	const shown = page.getByTestId('webhook-secret');
	await expect(shown).toContainText('não será mostrado de novo');
	const secret = (await shown.locator('code').textContent())!.trim();
	expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
	await shown.getByRole('button', { name: 'Copiar' }).click();
	await expect(shown.getByRole('button', { name: 'Copiado' })).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
	rx.trust(secret);
	await openPage(page, '/admin/webhooks');
	await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
	expect(await page.content()).not.toContain(secret);

	const card = page.getByTestId('webhook').filter({ hasText: DESCRIPTION });
	await expect(card).toContainText('ticket.called');
	await expect(card).toContainText(UNIT);
	await expect(card).toContainText('Ativo');

	// A test event reaches the receiver, signed, whatever the endpoint's filter.
	await card.getByRole('button', { name: 'Enviar evento de teste' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Evento de teste enviado' })).toBeVisible();
	await expect.poll(() => rx.received.length).toBe(1);
	expect(rx.received[0]).toMatchObject({ verified: true, payload: { type: 'webhook.test' } });

	// The deliveries, their status and the receiver's answer; a redelivery sends the same webhook-id again.
	await card.getByRole('link', { name: 'Ver entregas' }).click();
	await expect(page).toHaveURL(/[?&]id=/);
	await expect(page.getByRole('heading', { name: /^Entregas/ })).toBeVisible();
	const testDelivery = page.getByTestId('webhook-delivery').filter({ hasText: 'webhook.test' });
	await expect(async () => {
		await page.reload();
		await expect(testDelivery).toContainText('Entregue', { timeout: 1_000 });
	}).toPass();
	await expect(testDelivery).toContainText('200');
	await testDelivery.getByRole('button', { name: 'Reenviar' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'mesmo webhook-id' })).toBeVisible();
	await expect.poll(() => rx.received.length).toBe(2);
	expect(rx.received[1]).toMatchObject({ id: rx.received[0].id, verified: true, payload: { type: 'webhook.test' } });

	// Real events: of a ticket issued and called in the chosen unit, only the chosen type arrives. The
	// receiver refuses it first (503): the screen shows the refusal, and the retry delivers it.
	await resetUnit(baseURL!, UNIT, CLERK);
	const clerk = await staffApi(baseURL!, CLERK);
	const service = ((await (await clerk.get(`/api/v1/units/${UNIT}/services`)).json()) as { code: string }[])[0].code;
	const counter = ((await (await clerk.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[])[0];
	expect((await clerk.post(`/api/v1/counters/${counter.id}/open`, { data: { services: [service] } })).status()).toBe(200);
	rx.script.push(503);
	const ticket = await issueTicket(clerk, UNIT, service);
	expect((await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	await clerk.dispose();
	await expect.poll(() => rx.received.length).toBe(3);
	const called = page.getByTestId('webhook-delivery').filter({ hasText: 'ticket.called' });
	await expect(async () => {
		await page.reload();
		await expect(called).toContainText('503', { timeout: 1_000 });
	}).toPass();
	await expect.poll(() => rx.received.length, { timeout: 30_000 }).toBe(4);
	expect(rx.received.slice(2).map((d) => d.payload.type)).toEqual(['ticket.called', 'ticket.called']);
	expect(rx.received[3].id).toBe(rx.received[2].id);
	expect(rx.received[3]).toMatchObject({ verified: true, payload: { data: { unit: UNIT, number: ticket.number } } });
	await expect(async () => {
		await page.reload();
		await expect(called).toContainText('Entregue', { timeout: 1_000 });
	}).toPass();

	// Disable and enable.
	await card.getByRole('button', { name: 'Desativar' }).click();
	await expect(card).toContainText('Desativado');
	await expect(card.getByRole('button', { name: 'Enviar evento de teste' })).toHaveCount(0);
	await card.getByRole('button', { name: 'Ativar' }).click();
	await expect(card).toContainText('Ativo');

	// Every step is in the audit trail.
	await openPage(page, '/admin/audit?entity=webhook');
	for (const action of ['webhook.create', 'webhook.test', 'webhook.redeliver', 'webhook.disable', 'webhook.enable']) {
		await expect(page.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
	}
});
