import { expect, test } from '@playwright/test';
import { openPage, signIn } from './support';

// This file creates its own unit, service and counter (unique names) and never touches the
// demo units' queues, services or counters the other journeys use.
const run = Date.now().toString(36);
const SLUG = `posto-admin-${run}`;
const UNIT = `Posto Admin ${run}`;
const SERVICE = `Carteira do idoso ${run}`;
const SERVICE_CODE = `carteira-idoso-${run}`;

test('an admin creates a unit with a service and a counter, sees it on the home page and kiosk, and finds it in the audit', async ({ page }) => {
	await signIn(page, 'admin.demo');
	await openPage(page, '/admin/services/new');
	// What the browser would have stopped, the server refuses too, in the screen's language.
	await page.locator('#svc-theme').evaluate((input) => input.closest('form')!.setAttribute('novalidate', ''));
	await page.getByLabel('Tema').fill('   ');
	await page.getByRole('button', { name: 'Criar' }).click();
	await expect(page.getByRole('alert')).toContainText('theme: campo obrigatório');
	await page.getByLabel('Nome', { exact: true }).fill(SERVICE);
	await page.getByLabel('Código').fill(SERVICE_CODE);
	await page.getByLabel('Tema').fill('Assistência social');
	await page.getByLabel('Assunto').fill('Idosos');
	// An amount without its unit passes the browser but not the server.
	await page.getByLabel('Quantidade').fill('5');
	await page.getByRole('button', { name: 'Criar' }).click();
	// Bad input comes back inline, naming the fields, and nothing is saved.
	await expect(page.getByRole('alert')).toContainText('deadlineAmount');
	await page.getByLabel('Quantidade').fill('');
	await page.getByRole('button', { name: 'Criar' }).click();
	await expect(page).toHaveURL(`/admin/services/${SERVICE_CODE}`);

	await openPage(page, '/admin/units');
	await page.getByLabel('Nome', { exact: true }).fill(UNIT);
	await page.getByLabel('Identificador (slug)').fill(SLUG);
	await page.getByLabel('Região').fill('Norte');
	await page.getByLabel('Fuso horário (IANA)').fill('America/Florianopolis');
	await page.getByLabel('Segunda').fill('08:00-12:00, 13:00-17:00');
	await page.getByLabel('Emitir senhas fora do horário').check();
	await page.getByRole('button', { name: 'Criar' }).click();
	await expect(page.getByRole('alert')).toContainText('timezone: fuso horário desconhecido');
	await page.getByLabel('Fuso horário (IANA)').fill('America/Sao_Paulo');
	await page.getByRole('button', { name: 'Criar' }).click();
	await expect(page).toHaveURL(`/admin/units/${SLUG}`);
	await expect(page.getByRole('heading', { level: 1, name: UNIT })).toBeVisible();
	await expect(page.getByLabel('Segunda')).toHaveValue('08:00-12:00, 13:00-17:00');

	await page.getByLabel('Serviços', { exact: true }).selectOption({ label: SERVICE });
	await page.getByLabel('Prefixo da senha').fill('q');
	await page.getByRole('button', { name: 'Oferecer serviço' }).click();
	await expect(page.getByLabel(`Prefixo da senha ${SERVICE}`)).toHaveValue('Q');

	await page.getByLabel('Nome do guichê').fill('Guichê Único');
	await page.getByRole('button', { name: 'Adicionar guichê' }).click();
	await expect(page.getByLabel('Nome do guichê 1')).toHaveValue('Guichê Único');
	// The same number again is a clear conflict, shown inline.
	await page.getByLabel('Número').last().fill('1');
	await page.getByLabel('Nome do guichê', { exact: true }).fill('Outro');
	await page.getByRole('button', { name: 'Adicionar guichê' }).click();
	await expect(page.getByRole('alert')).toContainText('Já existe outro registro com este valor.');
	await expect(page.getByRole('alert')).toContainText('number: já está em uso');
	// …and under the field itself, in words, not as a code.
	await expect(page.getByText('já está em uso', { exact: true })).toBeVisible();

	await page.goto('/');
	await expect(page.getByRole('heading', { name: UNIT })).toBeVisible();
	await page.goto(`/kiosk/${SLUG}`);
	await expect(page.getByRole('button', { name: new RegExp(SERVICE) })).toBeVisible();

	await openPage(page, '/admin/audit?entity=unit');
	await expect(page.getByRole('row').filter({ hasText: 'unit.create' }).filter({ hasText: SLUG })).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: 'unit_service.create' }).filter({ hasText: SERVICE_CODE })).toBeVisible();
	await page.getByLabel('Quem').fill('admin.demo');
	await page.getByLabel('Entidade').selectOption('counter');
	await page.getByRole('button', { name: 'Filtrar' }).click();
	await expect(page.getByRole('row').filter({ hasText: 'counter.create' }).filter({ hasText: 'Guichê Único' })).toBeVisible();
});

test('a clerk is refused every admin section with a 403', async ({ page }) => {
	await signIn(page, 'atendente');
	for (const path of ['/admin/units', '/admin/services', '/admin/users', '/admin/holidays', '/admin/audit', '/admin/retention']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
	}
});

test('an admin keeps the municipal holiday table and the retention period on their own pages', async ({ page }) => {
	await signIn(page, 'admin.demo');
	await openPage(page, '/admin/holidays');
	// National holidays are computed, not typed.
	await expect(page.getByRole('cell', { name: 'Tiradentes' })).toBeVisible();
	const name = `Feriado de teste ${run}`;
	await page.getByLabel('Data', { exact: true }).fill('2031-01-02');
	await page.getByLabel('Nome', { exact: true }).fill(name);
	await page.getByLabel('Meio período: fechado até (HH:mm)').fill('12:00');
	await page.getByRole('button', { name: 'Adicionar' }).click();
	await expect(page.getByRole('row').filter({ hasText: name })).toContainText('12:00');
	await page.getByRole('button', { name: `Excluir ${name}` }).click();
	await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);

	await openPage(page, '/admin/retention');
	await page.getByLabel('Anonimizar dados do cidadão após (meses)').fill('240');
	await page.getByRole('button', { name: 'Salvar' }).click();
	await expect(page.getByRole('status')).toHaveText('Alterações salvas.');
	await page.reload();
	await expect(page.getByLabel('Anonimizar dados do cidadão após (meses)')).toHaveValue('240');

	await page.goto('/admin/audit?entity=holiday');
	await expect(page.getByRole('row').filter({ hasText: 'holiday.delete' }).filter({ hasText: name })).toBeVisible();
});
