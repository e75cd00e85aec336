import { expect, test, type Page } from '@playwright/test';
import { issueTicket, openCounter, openPage } from './support';

// Citizen pages on phones 360–390 px wide (unit `ingleses`, a service rating.test.ts uses there
// too; the counter opened here is closed again).
const SERVICE = 'matricula-escolar';
const WIDTHS = [360, 390];

async function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
}

/** The staff "Entrar" sits on the header's one row, beside the brand. */
async function expectOneRowHeader(page: Page) {
	const brand = (await page.locator('header.top .brand').boundingBox())!;
	const login = (await page.locator('header.top').getByRole('link', { name: 'Entrar' }).boundingBox())!;
	expect(login.y).toBeLessThan(brand.y + brand.height);
	expect(login.x + login.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

for (const width of WIDTHS) {
	test(`at ${width} px all five rating faces are on screen and nothing slides sideways`, async ({ page, request }) => {
		await page.setViewportSize({ width, height: 780 });
		const ticket = await issueTicket(request, 'ingleses', SERVICE);
		const counter = await openCounter(request, 'ingleses', 'atendente.ingleses', [SERVICE]);
		try {
			expect((await request.post(`/api/v1/counters/${counter.id}/call`, { data: { ticket: ticket.id } })).status()).toBe(200);
			expect((await request.post(`/api/v1/tickets/${ticket.id}/finish`, { data: { outcome: 'resolved' } })).status()).toBe(200);
		} finally {
			await request.post(`/api/v1/counters/${counter.id}/close`);
		}
		await openPage(page, `/t/${ticket.publicId}`);
		for (const name of ['1 — Muito insatisfeito', '2 — Insatisfeito', '3 — Indiferente', '4 — Satisfeito', '5 — Muito satisfeito']) {
			const face = page.getByRole('button', { name, exact: true });
			await expect(face).toBeInViewport({ ratio: 1 });
		}
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		// The names the faces cannot hold: the scale's two ends, then the one chosen.
		await expect(page.locator('.scale')).toHaveText(/Muito insatisfeito\s*Muito satisfeito/);
		await page.getByRole('button', { name: '5 — Muito satisfeito', exact: true }).click();
		await expect(page.locator('.chosen')).toHaveText('Muito satisfeito');
		await expectOneRowHeader(page);
	});

	test(`at ${width} px the citizen pages fit and keep "Entrar" on the header row`, async ({ page }) => {
		await page.setViewportSize({ width, height: 780 });
		for (const path of ['/', '/services', '/services/iptu-segunda-via', '/book', '/protocol']) {
			await openPage(page, path);
			expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
			await expectOneRowHeader(page);
		}
	});
}

test('the home page links working demo kiosks and panels, and says the demo units are open', async ({ page }) => {
	await openPage(page, '/');
	await expect(page.getByText('Fechada agora')).toHaveCount(0);
	const unit = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Pró-Cidadão Ingleses' }) });
	await expect(unit.getByText('Aberta agora')).toBeVisible();
	await unit.getByRole('link', { name: 'Totem de senhas' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Tenho agendamento' })).toBeVisible();

	await openPage(page, '/');
	await page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Pró-Cidadão Ingleses' }) }).getByRole('link', { name: 'Painel de chamadas' }).click();
	await expect(page.locator('main.panel')).toHaveAttribute('data-connection', 'up');

	// The catalogue agrees with the kiosk.
	await openPage(page, '/services/iptu-segunda-via');
	await expect(page.getByText('Fechada', { exact: true })).toHaveCount(0);
});
