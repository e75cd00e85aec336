import { expect, test } from '@playwright/test';
import { issueTicket, resetUnit, staffApi, type CounterView } from './support';

// The small screen above a counter, in the unit `continente` (whose other journeys, in
// counter.test.ts, reset it first), on its last counter.
const UNIT = 'continente';
const SERVICE = 'certidao-negativa-debitos';

test.afterEach(async ({ baseURL }) => {
	await resetUnit(baseURL!, UNIT, `atendente.${UNIT}`);
});

test('a counter display shows its state and calls live, and catches up after losing its connection', async ({ page, baseURL }) => {
	await resetUnit(baseURL!, UNIT, `atendente.${UNIT}`);
	const clerk = await staffApi(baseURL!, `atendente.${UNIT}`);
	const counter = ((await (await clerk.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[]).at(-1)!;

	// The small 800×480 screen of a TV stick.
	await page.setViewportSize({ width: 800, height: 480 });
	await page.goto(`/display/${counter.id}?token=demo-panel-${UNIT}`);
	const screen = page.locator('main.display');
	await expect(page.getByRole('heading', { level: 1, name: counter.name })).toBeVisible();
	await expect(page.getByTestId('display-label')).toHaveText('Guichê fechado');
	await expect(screen).toHaveAttribute('data-connection', 'up');
	// The token stays on the device, not in the address bar.
	await expect(page).toHaveURL(new RegExp(`/display/${counter.id}$`));

	expect((await clerk.post(`/api/v1/counters/${counter.id}/open`, { data: { services: [SERVICE] } })).status()).toBe(200);
	await expect(page.getByTestId('display-label')).toHaveText('Livre');

	const first = await issueTicket(clerk, UNIT, SERVICE);
	expect((await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	await expect(page.getByTestId('display-number')).toHaveText(first.number);
	await expect(page.getByTestId('display-label')).toHaveText('Chamando');
	await expect(screen).toHaveAttribute('data-screen', 'calling');

	await clerk.post(`/api/v1/tickets/${first.id}/start`);
	await expect(page.getByTestId('display-label')).toHaveText('Em atendimento');

	// Everything fits the small screen: no scrolling either way.
	const size = await page.evaluate(() => ({ w: document.scrollingElement!.scrollWidth, h: document.scrollingElement!.scrollHeight }));
	expect(size.w).toBeLessThanOrEqual(800);
	expect(size.h).toBeLessThanOrEqual(480);

	// The network drops; meanwhile the clerk finishes and calls the next one.
	await page.context().setOffline(true);
	await expect(page.getByRole('status').filter({ hasText: 'reconectando…' })).toBeVisible();
	await clerk.post(`/api/v1/tickets/${first.id}/finish`, { data: { outcome: 'resolved' } });
	const second = await issueTicket(clerk, UNIT, SERVICE);
	expect((await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	await expect(page.getByTestId('display-number')).toHaveText(first.number);

	// Back online: the display reconnects by itself and shows what it missed.
	await page.context().setOffline(false);
	await expect(page.getByTestId('display-number')).toHaveText(second.number, { timeout: 15_000 });
	await expect(page.getByTestId('display-label')).toHaveText('Chamando');
	await expect(page.getByRole('status').filter({ hasText: 'reconectando…' })).toHaveCount(0);

	// And it keeps following live after the reconnection.
	await clerk.post(`/api/v1/tickets/${second.id}/no-show`);
	await expect(page.getByTestId('display-label')).toHaveText('Livre');
	await clerk.dispose();
});

test('a display without a token, or with another unit’s, says in plain words how to link it', async ({ page, baseURL }) => {
	const clerk = await staffApi(baseURL!, `atendente.${UNIT}`);
	const counter = ((await (await clerk.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[]).at(-1)!;
	await clerk.dispose();

	await page.goto(`/display/${counter.id}?token=demo-panel-centro`);
	await expect(page.getByRole('alert')).toContainText('Esta tela ainda não foi ligada a um guichê');
	await expect(page.getByText(/token/i)).toHaveCount(0);

	await page.goto('/display/00000000-0000-4000-8000-000000000000');
	await expect(page.getByRole('alert')).toContainText('Guichê não encontrado');
});

test('the admin links a screen to a counter with an address and a QR code that open its display', async ({ page, baseURL }) => {
	const admin = await staffApi(baseURL!, 'admin.demo');
	const counter = ((await (await admin.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[]).at(-1)!;
	await admin.dispose();
	await page.request.post('/api/v1/auth/login', { data: { username: 'admin.demo', password: 'vez-demo' } });
	await page.goto(`/admin/units/${UNIT}`);
	await expect(page.getByRole('link', { name: `/display/${counter.id}` })).toBeVisible();
	await page.getByRole('button', { name: `Ligar uma tela — ${counter.name}` }).click();
	const pairing = page.getByTestId('display-pairing');
	await expect(pairing.getByRole('img', { name: `Código QR do endereço da tela de ${counter.name}` }).locator('svg')).toBeVisible();
	const url = (await pairing.locator('code.url').textContent())!;
	expect(url).toMatch(new RegExp(`/display/${counter.id}\\?token=.+`));

	// The address works on a fresh device with nobody signed in.
	const device = await page.context().browser()!.newContext();
	const screen = await device.newPage();
	await screen.goto(url);
	await expect(screen.getByTestId('display-label')).toHaveText('Guichê fechado');
	await device.close();
});
