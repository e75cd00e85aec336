import { expect, request as newRequest, test, type APIRequestContext, type Page } from '@playwright/test';

// Only the unit `centro` changes here; the manager `gerente` also sees `lagoa`, read-only.
const IPTU = 'iptu-segunda-via';

async function issue(request: APIRequestContext, unit: string, service: string): Promise<{ id: string; number: string }> {
	const res = await request.post(`/api/v1/units/${unit}/tickets`, { headers: { authorization: `Bearer demo-kiosk-${unit}` }, data: { service } });
	expect(res.status()).toBe(201);
	return res.json();
}

async function staff(baseURL: string, username: string): Promise<APIRequestContext> {
	const ctx = await newRequest.newContext({ baseURL });
	expect((await ctx.post('/api/v1/auth/login', { data: { username, password: 'vez-demo' } })).status()).toBe(200);
	return ctx;
}

async function resetCentro(baseURL: string) {
	const api = await staff(baseURL, 'gerente');
	const counters = (await (await api.get('/api/v1/units/centro/counters')).json()) as { id: string; status: string; ticket: { id: string; status: string } | null }[];
	for (const c of counters) {
		if (c.ticket) await api.post(`/api/v1/tickets/${c.ticket.id}/${c.ticket.status === 'serving' ? 'finish' : 'cancel'}`, { data: { outcome: 'resolved' } });
		if (c.status !== 'closed') await api.post(`/api/v1/counters/${c.id}/close`);
	}
	const queue = (await (await api.get('/api/v1/units/centro/queue')).json()) as { services: { tickets: { id: string }[] }[] };
	for (const s of queue.services) for (const t of s.tickets) await api.post(`/api/v1/tickets/${t.id}/cancel`);
	await api.dispose();
}

async function signIn(page: Page, username: string) {
	expect((await page.request.post('/api/v1/auth/login', { data: { username, password: 'vez-demo' } })).status()).toBe(200);
}

test.beforeEach(async ({ baseURL }) => {
	await resetCentro(baseURL!);
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

	await issue(request, 'centro', IPTU);
	await issue(request, 'centro', IPTU);
	// No reload: the queue event moves the numbers.
	await expect(page.getByTestId('waiting-centro')).toHaveText('2');
	await expect(page.getByTestId(`waiting-centro-${IPTU}`)).toHaveText('2');
	await expect(page.getByTestId('issued-centro')).toHaveText(String(issuedBefore + 2));

	const clerk = await staff(baseURL!, 'atendente');
	const counters = (await (await clerk.get('/api/v1/units/centro/counters')).json()) as { id: string; number: number }[];
	const counter = counters.find((c) => c.number === 4)!;
	expect((await clerk.post(`/api/v1/counters/${counter.id}/open`, { data: { services: [IPTU] } })).status()).toBe(200);
	const called = (await (await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).json()) as { id: string; number: string };
	await expect(page.getByTestId('waiting-centro')).toHaveText('1');
	await expect(page.getByTestId('open-centro')).toHaveText('1 abertos');
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
	await expect(page.locator('section.unit')).toHaveCount(6);
});

for (const username of ['atendente', 'agente156', 'fazenda']) {
	test(`${username} is refused the live view with a 403 page`, async ({ page }) => {
		await signIn(page, username);
		const res = await page.goto('/manage');
		expect(res?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
	});
}
