import { expect, test } from '@playwright/test';
import { issueTicket, openCounter, openPage, resetUnit } from './support';

// Tickets taken before arriving (issue 17) at the demo unit `rio-tavares`, where the demo lets
// every service take them; this file leaves the unit with nobody waiting.
const UNIT = 'rio-tavares';
const CLERK = 'atendente.rio-tavares';
const SERVICE = 'iptu-segunda-via';

test.beforeEach(async ({ baseURL }) => resetUnit(baseURL!, UNIT, CLERK));
test.afterEach(async ({ baseURL }) => resetUnit(baseURL!, UNIT, CLERK));

test('a visitor takes a ticket at home, is not called before arriving, and says "Cheguei" on the phone', async ({ page, request }) => {
	const first = await issueTicket(request, UNIT, SERVICE);
	await openPage(page, `/remote/${UNIT}`);
	await expect(page.getByRole('heading', { name: 'Pegar senha antes de chegar' })).toBeVisible();
	await expect(page.getByTestId(`remote-wait-${SERVICE}`)).toContainText('1 pessoa na fila');
	await page.getByRole('radio', { name: /IPTU/ }).check();
	await page.getByRole('button', { name: 'Pegar senha' }).click();
	// A phone or an e-mail is required.
	await expect(page.getByTestId('remote-error')).toBeVisible();
	await page.getByLabel('Celular com DDD').fill('(48) 99999-0191');
	await page.getByRole('button', { name: 'Pegar senha' }).click();

	await expect(page).toHaveURL(/\/t\//);
	const arrival = page.getByTestId('arrival');
	await expect(arrival.getByRole('heading', { name: 'Aguardando sua chegada' })).toBeVisible();
	await expect(page.getByTestId('position')).toHaveText('1 pessoa à sua frente');
	const code = (await page.getByTestId('arrival-code').textContent())!;
	expect(code).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}-[2-9A-Z]{3}$/);
	const number = (await page.locator('.number').first().textContent())!.trim();

	// The clerk sees it marked, and "next" calls the walk-in, then nobody.
	const counter = await openCounter(request, UNIT, CLERK, [SERVICE]);
	const queue = await (await request.get(`/api/v1/units/${UNIT}/queue`)).json();
	const iptu = queue.services.find((s: { code: string }) => s.code === SERVICE);
	expect(iptu.awaiting.map((t: { number: string }) => t.number)).toEqual([number]);
	expect((await request.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	expect((await request.post(`/api/v1/tickets/${first.id}/finish`, { data: { outcome: 'resolved' } })).status()).toBe(200);
	expect((await request.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(204);

	await arrival.getByRole('button', { name: 'Cheguei' }).click();
	await expect(page.getByText('Chegada confirmada. Aguarde ser chamado.')).toBeVisible();
	await expect(page.getByTestId('arrival')).toHaveCount(0);
	const called = await request.post(`/api/v1/counters/${counter.id}/call-next`);
	expect((await called.json()).number).toBe(number);
	await expect(page.getByRole('alert')).toContainText(counter.name);
});

test('a visitor checks in at the kiosk by typing the code of a ticket taken on the phone', async ({ page, request }) => {
	const res = await request.post(`/api/v1/units/${UNIT}/tickets`, { data: { service: SERVICE, channel: 'remote', email: 'visitante@example.com' } });
	expect(res.status()).toBe(201);
	const remote = await res.json();
	expect(remote.arrival.awaiting).toBe(true);

	await page.goto(`/kiosk/${UNIT}?token=demo-kiosk-${UNIT}`);
	await page.getByRole('button', { name: 'Tenho agendamento' }).click();
	await page.getByRole('button', { name: 'Código do agendamento', exact: true }).click();
	const symbols = page.getByRole('group', { name: 'Teclado do Código do agendamento' });
	for (const c of remote.arrival.code.replaceAll('-', '')) await symbols.getByRole('button', { name: c, exact: true }).click();
	await page.getByRole('button', { name: 'Confirmar chegada' }).click();
	await expect(page.getByTestId('ticket-number')).toHaveText(remote.number);

	const ticket = await (await request.get(`/api/v1/tickets/${remote.publicId}`)).json();
	expect(ticket.awaitingArrival).toBe(false);
});

test('a visitor taking a ticket before arriving asks for WhatsApp messages on the phone given, and the virtual phone shows "faltam"', async ({ page, context }) => {
	await openPage(page, `/remote/${UNIT}`);
	await page.getByRole('radio', { name: /IPTU/ }).check();
	await page.getByLabel('Celular com DDD').fill('(48) 99999-0192');
	const notify = page.getByRole('group', { name: 'Avisar neste celular quando minha vez estiver perto e quando for chamado' });
	await expect(notify).toContainText('Autorizo o envio de mensagens sobre esta senha');
	await notify.getByRole('radio', { name: 'WhatsApp' }).check();
	await page.getByRole('button', { name: 'Pegar senha' }).click();
	await expect(page).toHaveURL(/\/t\//);
	const number = (await page.locator('.number').first().textContent())!.trim();

	const phone = await context.newPage();
	await phone.goto(`http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173) + 100}/`);
	const handset = phone.getByRole('region', { name: 'Celular +5548999990192' });
	await expect(handset.locator('li.msg')).toHaveCount(1, { timeout: 15_000 });
	await expect(handset).toContainText(`Senha ${number}: faltam 0 antes de você`);
});
