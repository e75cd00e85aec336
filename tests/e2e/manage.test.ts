import { expect, test } from '@playwright/test';
import { issueTicket, resetUnit, signIn, staffApi } from './support';

// Only the unit `centro` changes here; the manager `gerente` also sees `lagoa`, read-only.
const IPTU = 'iptu-segunda-via';

test.beforeEach(async ({ baseURL }) => {
	await resetUnit(baseURL!, 'centro', 'gerente');
});

test('the manager sees waiting counts, counters and today’s figures change live', async ({ page, request, baseURL }) => {
	await signIn(page, 'gerente');
	await page.goto('/manage');
	await expect(page.getByRole('heading', { level: 1, name: 'Painel do gestor' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Pró-Cidadão Centro' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Pró-Cidadão Lagoa da Conceição' })).toBeVisible();
	// Units the manager does not run are not there.
	await expect(page.getByRole('heading', { level: 2, name: 'Pró-Cidadão Continente' })).toHaveCount(0);
	await expect(page.getByRole('status').filter({ hasText: 'Ao vivo' })).toBeVisible();
	await expect(page.getByTestId('waiting-centro')).toHaveText('0');
	const issuedBefore = Number(await page.getByTestId('issued-centro').textContent());

	await issueTicket(request, 'centro', IPTU);
	await issueTicket(request, 'centro', IPTU);
	// No reload: the queue event moves the numbers.
	await expect(page.getByTestId('waiting-centro')).toHaveText('2');
	await expect(page.getByTestId(`waiting-centro-${IPTU}`)).toHaveText('2');
	await expect(page.getByTestId('issued-centro')).toHaveText(String(issuedBefore + 2));

	const clerk = await staffApi(baseURL!, 'atendente');
	const counters = (await (await clerk.get('/api/v1/units/centro/counters')).json()) as { id: string; number: number }[];
	const counter = counters.find((c) => c.number === 4)!;
	expect((await clerk.post(`/api/v1/counters/${counter.id}/open`, { data: { services: [IPTU] } })).status()).toBe(200);
	const called = (await (await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).json()) as { id: string; number: string };
	await expect(page.getByTestId('waiting-centro')).toHaveText('1');
	await expect(page.getByTestId('open-centro')).toHaveText('1 aberto');
	const row = page.getByTestId('counter-centro-4');
	await expect(row).toContainText('Ana Souza');
	await expect(row).toContainText(`${called.number} (chamada)`);

	const servedBefore = Number(await page.getByTestId('served-centro').textContent());
	expect((await clerk.post(`/api/v1/tickets/${called.id}/finish`, { data: { outcome: 'resolved' } })).status()).toBe(200);
	await expect(page.getByTestId('served-centro')).toHaveText(String(servedBefore + 1));
	await expect(row).toContainText('livre');
	await clerk.dispose();
});

test('the live view stacks into one column on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 800 });
	await signIn(page, 'gerente');
	await page.goto('/manage');
	const cards = page.locator('section.unit');
	await expect(cards).toHaveCount(2);
	const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
	expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
	expect(a!.width).toBeLessThanOrEqual(375);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
});

test('an administrator sees every unit', async ({ page }) => {
	await signIn(page, 'admin.demo');
	await page.goto('/manage');
	// Every active unit: the six of the demo city and any other journey (admin.test.ts) created.
	const units = (await (await page.request.get('/api/v1/units')).json()) as { slug: string }[];
	expect(units.length).toBeGreaterThanOrEqual(6);
	await expect(page.locator('section.unit')).toHaveCount(units.length);
});

for (const username of ['atendente', 'agente156', 'fazenda']) {
	test(`${username} is refused the live view with a 403 page`, async ({ page }) => {
		await signIn(page, username);
		const res = await page.goto('/manage');
		expect(res?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
	});
}
