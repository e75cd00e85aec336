import { expect, test } from '@playwright/test';
import { issueTicket, openCounter, openPage, resetUnit } from './support';

// Visitors' messages on the demo's virtual phone (its port is the app's plus 100, set in
// playwright.config.ts). This file uses the unit `rio-tavares` and leaves it with nobody waiting.
const UNIT = 'rio-tavares';
const CLERK = 'atendente.rio-tavares';
const SERVICE = 'iptu-segunda-via';
const PHONE_PAGE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173) + 100}/`;

test.beforeEach(async ({ baseURL }) => resetUnit(baseURL!, UNIT, CLERK));
test.afterEach(async ({ baseURL }) => resetUnit(baseURL!, UNIT, CLERK));

test('a visitor opts in on the ticket page and the virtual phone shows "faltam" and the call to the counter', async ({ page, request, context }) => {
	const first = await issueTicket(request, UNIT, SERVICE);
	const mine = await issueTicket(request, UNIT, SERVICE);
	await openPage(page, `/t/${mine.publicId}`);
	await expect(page.getByRole('heading', { name: 'Avise-me' })).toBeVisible();
	await page.getByRole('radio', { name: 'SMS' }).check();
	await page.getByLabel('Celular com DDD').fill('(48) 99999-0171');
	await expect(page.getByText('Autorizo o envio de mensagens sobre esta senha')).toBeVisible();
	await page.getByRole('button', { name: 'Quero ser avisado' }).click();
	// Staff and the page itself never show the whole number.
	await expect(page.getByTestId('notify-active')).toHaveText('Avisos ativos por SMS para +55 48 •••••-0171: quando faltarem 3.');

	const counter = await openCounter(request, UNIT, CLERK, [SERVICE]);
	expect((await request.post(`/api/v1/counters/${counter.id}/call`, { data: { ticket: first.id } })).status()).toBe(200);
	expect((await request.post(`/api/v1/tickets/${first.id}/finish`, { data: { outcome: 'resolved' } })).status()).toBe(200);
	expect((await request.post(`/api/v1/counters/${counter.id}/call`, { data: { ticket: mine.id } })).status()).toBe(200);

	const phone = await context.newPage();
	await phone.goto(PHONE_PAGE);
	const handset = phone.getByRole('region', { name: 'Celular +5548999990171' });
	await expect(handset.locator('li.msg')).toHaveCount(2, { timeout: 15_000 });
	await expect(handset.locator('li.msg').first()).toContainText(`Senha ${mine.number}: faltam 1 antes de você`);
	await expect(handset.locator('li.msg').last()).toContainText(`Sua senha ${mine.number} foi chamada: dirija-se ao ${counter.name}`);
});

test('at the kiosk, a visitor types a mobile number on the on-screen keypad and gets WhatsApp messages', async ({ page, context }) => {
	await page.goto(`/kiosk/${UNIT}?token=demo-kiosk-${UNIT}`);
	await page.getByRole('button', { name: /IPTU/ }).first().click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
	const number = (await page.getByTestId('ticket-number').textContent())!;
	await page.getByRole('button', { name: 'Avise-me no celular' }).click();
	await expect(page.getByRole('heading', { name: /Digite seu celular/ })).toBeVisible();
	const keys = page.getByRole('group', { name: 'Teclado do celular' });
	for (const d of '4899999017') await keys.getByRole('button', { name: d, exact: true }).click();
	await keys.getByRole('button', { name: 'Apagar' }).click();
	for (const d of '72') await keys.getByRole('button', { name: d, exact: true }).click();
	await expect(page.getByTestId('kiosk-phone')).toHaveValue('(48) 99999-0172');
	await page.getByRole('button', { name: 'Quero ser avisado' }).click();
	await expect(page.getByTestId('kiosk-notify-done')).toContainText('+55 48 •••••-0172');

	const phone = await context.newPage();
	await phone.goto(PHONE_PAGE);
	const handset = phone.getByRole('region', { name: 'Celular +5548999990172' });
	await expect(handset.locator('li.msg')).toHaveCount(1, { timeout: 15_000 });
	await expect(handset).toContainText('WhatsApp · modelo vez_ticket_near');
	await expect(handset).toContainText(`Senha ${number}: faltam 0 antes de você`);
});
