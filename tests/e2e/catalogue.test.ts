import { expect, test } from '@playwright/test';

// Read-only: this file issues nothing, so it shares the demo city with every other suite.

test('a citizen finds "alvará" and a mistyped "iluminação" in the Carta de Serviços', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: 'Carta de Serviços' }).click();
	await expect(page).toHaveURL(/\/services$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Carta de Serviços' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Tributos' })).toBeVisible();

	await page.getByLabel('Buscar serviço').fill('alvara');
	await page.getByRole('button', { name: 'Buscar' }).click();
	await expect(page).toHaveURL(/\/services\?q=alvara/);
	const results = page.locator('ol.results > li');
	await expect(results.first()).toContainText('Alvará');
	await expect(page.getByRole('link', { name: 'Alvará de licença para localização e funcionamento' })).toBeVisible();

	await page.getByLabel('Buscar serviço').fill('ilumincao');
	await page.getByRole('button', { name: 'Buscar' }).click();
	await expect(results.first().getByRole('link')).toHaveText('Reparo de iluminação pública');
});

test('a service page shows every Carta field and the units with their current wait', async ({ page }) => {
	await page.goto('/services?q=cadunico');
	await page.getByRole('link', { name: 'Cadastro Único para programas sociais (CadÚnico)' }).click();
	await expect(page).toHaveURL(/\/services\/cadastro-unico$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cadastro Único para programas sociais (CadÚnico)');
	for (const label of ['O que é', 'Órgão responsável', 'Documentos necessários', 'Etapas', 'Prazo máximo', 'Taxas', 'Base legal', 'Reclamações e sugestões']) {
		await expect(page.locator('dt', { hasText: label })).toBeVisible();
	}
	await expect(page.locator('ul.documents li').first()).toContainText('CPF');
	await expect(page.locator('dd.deadline')).toHaveText('até 1 hora');
	await expect(page.getByText('Presencialmente, retirando senha em uma unidade')).toBeVisible();
	const centro = page.locator('tr[data-unit="centro"]');
	await expect(centro).toContainText('Pró-Cidadão Centro');
	await expect(centro.locator('td.wait')).toHaveText(/^(Sem espera|em instantes|alguns minutos|cerca de \d+ min|\d+–\d+ min)/);
	// The Carta's promise stands beside the forecast (Lei 13.460 art. 7).
	await expect(centro.locator('td.wait')).toContainText(/Meta da Carta de Serviços: até \d+ min/);
	await expect(page.locator('table.units tbody tr')).toHaveCount(6);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the search form still works', async ({ page }) => {
		await page.goto('/services');
		await page.getByLabel('Buscar serviço').fill('poda arvore');
		await page.getByRole('button', { name: 'Buscar' }).click();
		await expect(page.locator('ol.results > li').first().getByRole('link')).toHaveText('Poda de árvore em área pública');
	});
});

test('the API and Open311 serve the same catalogue', async ({ request }) => {
	const search = await request.get('/api/v1/services?q=alvar%C3%A1');
	expect(search.status()).toBe(200);
	expect(((await search.json()) as { code: string }[])[0].code).toMatch(/^alvara-/);
	expect((await request.get('/api/v1/services/nope')).status()).toBe(404);
	expect(((await (await request.get('/api/v1/services/nope')).json()) as { error: { code: string } }).error.code).toBe('service_not_found');

	const json = (await (await request.get('/open311/v2/services.json')).json()) as Record<string, unknown>[];
	expect(json.find((s) => s.service_code === 'poda-de-arvore')).toMatchObject({ metadata: true, type: 'batch', group: 'Meio ambiente' });
	const xml = await request.get('/open311/v2/services.xml');
	expect(xml.headers()['content-type']).toContain('text/xml');
	expect(await xml.text()).toContain('<service><service_code>iptu-segunda-via</service_code>');
	const missing = await request.get('/open311/v2/services/nope.xml');
	expect(missing.status()).toBe(404);
	expect(await missing.text()).toContain('<errors><error><code>404</code>');
	expect((await request.get('/open311/v2/discovery.json')).status()).toBe(200);
});

test('an Open311 client posts a request with an integration api_key and reads it back in JSON and XML', async ({ request }) => {
	expect((await request.post('/api/v1/auth/login', { data: { username: 'admin', password: 'e2e-admin-password' } })).status()).toBe(200);
	const created = await request.post('/api/v1/tokens', { data: { kind: 'integration', name: 'Open311 e2e client' } });
	expect(created.status()).toBe(201);
	const { token } = (await created.json()) as { token: string };
	await request.post('/api/v1/auth/logout');

	const fields = { service_code: 'iluminacao-publica', lat: '-27.5969', long: '-48.5495', description: 'Poste apagado & piscando', first_name: 'Rui', 'attribute[cpf]': '529.982.247-25' };
	const refused = await request.post('/open311/v2/requests.xml', { form: { ...fields, api_key: 'wrong' } });
	expect(refused.status()).toBe(403);
	expect(await refused.text()).toContain('<errors><error><code>403</code>');

	const posted = await request.post('/open311/v2/requests.json', { form: { ...fields, api_key: token } });
	expect(posted.status()).toBe(200);
	const [receipt] = (await posted.json()) as { service_request_id: string; service_notice: string; account_id: null }[];
	expect(receipt.service_request_id).toMatch(/^\d{10}-\d$/);

	const one = (await (await request.get(`/open311/v2/requests/${receipt.service_request_id}.json?api_key=${token}`)).json()) as Record<string, unknown>[];
	expect(one[0]).toMatchObject({ service_request_id: receipt.service_request_id, status: 'open', service_code: 'iluminacao-publica', lat: -27.5969, long: -48.5495 });
	expect(one[0].expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
	const xml = await request.get(`/open311/v2/requests/${receipt.service_request_id}.xml?api_key=${token}`);
	expect(await xml.text()).toContain(`<service_requests><request><service_request_id>${receipt.service_request_id}</service_request_id><status>open</status>`);
	expect(await xml.text()).toContain('<description>Poste apagado &amp; piscando</description>');

	const open = (await (await request.get(`/open311/v2/requests.json?api_key=${token}&status=open&service_code=iluminacao-publica`)).json()) as { service_request_id: string }[];
	expect(open.map((r) => r.service_request_id)).toContain(receipt.service_request_id);
	const tooWide = await request.get(`/open311/v2/requests.json?api_key=${token}&start_date=2020-01-01T00:00:00Z&end_date=2020-06-01T00:00:00Z`);
	expect(tooWide.status()).toBe(400);
	expect((await request.get(`/open311/v2/tokens/abc.json`)).status()).toBe(404);

	// The exemption is Open311's alone: a cross-site form to a cookie-authenticated action is still refused.
	const forged = await request.post('/login', { form: { username: 'admin', password: 'x' }, headers: { origin: 'https://evil.test' } });
	expect(forged.status()).toBe(403);
});
