import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { issueTicket, openCounter, signIn } from './support';

// This file uses the unit `ingleses` only, with a service no other suite issues there.
const SERVICE = 'vaga-creche';

async function recordVibration(page: Page) {
	await page.addInitScript(() => {
		const calls: unknown[] = [];
		(window as unknown as { __vibrations: unknown[] }).__vibrations = calls;
		Object.defineProperty(navigator, 'vibrate', { value: (pattern: unknown) => (calls.push(pattern), true), configurable: true });
	});
}

const live = (page: Page) => expect(page.locator('article.ticket')).toHaveAttribute('data-connection', 'up');

test('the tracking page updates live from waiting to called, then serving and done', async ({ page, request }) => {
	await recordVibration(page);
	const first = await issueTicket(request, 'ingleses', SERVICE);
	const mine = await issueTicket(request, 'ingleses', SERVICE);
	expect(new URL(mine.trackUrl).pathname).toBe(`/t/${mine.publicId}`);

	await page.goto(new URL(mine.trackUrl).pathname);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(mine.number);
	await expect(page.getByText('Aguardando chamada')).toBeVisible();
	await expect(page.getByText('Pró-Cidadão Ingleses')).toBeVisible();
	await expect(page.getByText('Inscrição para vaga em creche (educação infantil)')).toBeVisible();
	await expect(page.getByTestId('position')).toHaveText('1 pessoa à sua frente');
	await expect(page.getByTestId('estimate')).toHaveText(/em instantes|alguns minutos|cerca de \d+ min|\d+–\d+ min/);
	await expect(page).toHaveTitle(`Senha ${mine.number} — Vez`);
	await live(page);

	// The ticket ahead is called: this page moves up without a reload.
	const counter = await openCounter(request, 'ingleses', 'atendente.ingleses', [SERVICE]);
	const call1 = await request.post(`/api/v1/counters/${counter.id}/call-next`);
	expect(((await call1.json()) as { number: string }).number).toBe(first.number);
	await expect(page.getByTestId('position')).toHaveText('Você é o próximo');
	await expect(page.getByRole('alert')).toHaveCount(0);

	await request.post(`/api/v1/tickets/${first.id}/start`);
	await request.post(`/api/v1/tickets/${first.id}/finish`, { data: { outcome: 'resolved' } });
	const call2 = await request.post(`/api/v1/counters/${counter.id}/call-next`);
	expect(((await call2.json()) as { number: string }).number).toBe(mine.number);

	await expect(page.getByRole('alert')).toHaveText(`Sua senha foi chamada — dirija-se ao ${counter.name}`);
	await expect(page.getByText('Chamada', { exact: true })).toBeVisible();
	await expect(page).toHaveTitle(`Sua vez! ${mine.number} — ${counter.name} — Vez`);
	await expect.poll(() => page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length)).toBeGreaterThan(0);

	await request.post(`/api/v1/tickets/${mine.id}/recall`);
	await expect(page.getByRole('alert')).toHaveText(`Sua senha foi chamada de novo — dirija-se ao ${counter.name}`);

	await request.post(`/api/v1/tickets/${mine.id}/start`);
	await expect(page.getByText('Em atendimento')).toBeVisible();
	await expect(page.getByText(`Você está sendo atendido no ${counter.name}.`)).toBeVisible();
	await request.post(`/api/v1/tickets/${mine.id}/finish`, { data: { outcome: 'resolved' } });
	await expect(page.getByText('Atendimento concluído')).toBeVisible();
	await expect(page.getByRole('alert')).toHaveCount(0);

	await request.post(`/api/v1/counters/${counter.id}/close`);
});

test('a ticket that did not show up is explained in words, in the chosen language too', async ({ page, request }) => {
	const ticket = await issueTicket(request, 'ingleses', SERVICE);
	const counter = await openCounter(request, 'ingleses', 'atendente.ingleses', [SERVICE]);
	expect((await request.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	await request.post(`/api/v1/tickets/${ticket.id}/no-show`);
	await request.post(`/api/v1/counters/${counter.id}/close`);

	await page.goto(`/t/${ticket.publicId}`);
	await expect(page.getByText('Não compareceu')).toBeVisible();
	await expect(page.getByText(/retire uma nova senha no totem/)).toBeVisible();
	await page.goto(`/t/${ticket.publicId}?lang=en`);
	await expect(page.getByText('Did not show up')).toBeVisible();
	await expect(page.getByText(/take a new ticket at the kiosk/)).toBeVisible();
	await page.goto(`/t/${ticket.publicId}?lang=es`);
	await expect(page.getByText('No se presentó')).toBeVisible();
});

test('an unknown ticket is a 404 page', async ({ page }) => {
	const response = await page.goto('/t/AAAAAAAAAAAAAAAAAAAAAA');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Página não encontrada' })).toBeVisible();
	const malformed = await page.goto('/t/not-a-ticket');
	expect(malformed?.status()).toBe(404);
});

test('the tracking page fits a phone screen', async ({ page, request }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	const ticket = await issueTicket(request, 'ingleses', SERVICE);
	await page.goto(`/t/${ticket.publicId}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(ticket.number);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);

	await signIn(request, 'atendente.ingleses');
	expect((await request.post(`/api/v1/tickets/${ticket.id}/cancel`)).status()).toBe(200);
	await page.reload();
	await expect(page.getByText('Cancelada', { exact: true })).toBeVisible();
	await expect(page.getByText(/Esta senha foi cancelada/)).toBeVisible();
});
