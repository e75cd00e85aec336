import { expect, test } from '@playwright/test';
import { openPage, signIn, staffApi } from './support';
import { cpfCheckDigits } from '../../src/lib/citizens/cpf';

// Personal data in the admin screens (issue 14 A): an integration token with chosen scopes, the
// trail of who read a citizen's protocol, and an LGPD request answered with the report and an
// anonymisation — all without the CPF ever in an address.
// Not the protocols journey's citizen: that journey counts the protocols its CPF look-up finds.
const CPF = `111444777${cpfCheckDigits('111444777')}`;

test('an admin scopes a token, follows who read a citizen, reports and anonymises them', async ({ page, baseURL }) => {
	const clerk = await staffApi(baseURL!, 'atendente');
	const opened = await clerk.post('/api/v1/protocols', {
		data: { service: 'iptu-segunda-via', kind: 'solicitacao', description: 'Segunda via', unit: 'centro', citizen: { cpf: CPF, name: 'Rita Prado', email: 'rita@example.com' } }
	});
	expect(opened.status()).toBe(201);
	const { number } = await opened.json();
	expect((await clerk.get(`/api/v1/protocols/${number}`)).status()).toBe(200);

	await signIn(page, 'admin.demo');
	await openPage(page, '/admin');
	await page.getByLabel('Nome', { exact: true }).fill('Portal da prefeitura');
	await page.getByLabel('Tipo').selectOption('integration');
	// The safe default is ticked; the portal also lists every protocol (never personal data).
	await expect(page.getByRole('checkbox', { name: /protocols:read:own/ })).toBeChecked();
	await expect(page.getByRole('checkbox', { name: /protocols:read:personal/ })).not.toBeChecked();
	await page.getByRole('checkbox', { name: /protocols:read:all/ }).check();
	await page.getByRole('button', { name: 'Criar' }).click();
	const token = (await page.getByTestId('new-token').textContent())!.trim();
	await expect(page.getByRole('row', { name: /Portal da prefeitura/ })).toContainText('protocols:read:all');
	const asPortal = await page.request.get(`/api/v1/protocols/${number}`, { headers: { authorization: `Bearer ${token}` } });
	expect(asPortal.status()).toBe(200);
	expect(await asPortal.text()).not.toContain('Rita');

	// The trail, by citizen: the CPF goes in a POST; the address holds only its keyed reference.
	await openPage(page, '/admin/audit');
	await page.getByLabel('CPF do cidadão').fill(CPF);
	await page.getByRole('button', { name: 'Ver registros deste cidadão' }).click();
	await expect(page).toHaveURL(/\/admin\/audit\?citizen=[0-9a-f]{32}$/);
	await expect(page.getByRole('row', { name: /protocol\.read/ })).toContainText('atendente');
	expect(page.url()).not.toContain(CPF);

	await openPage(page, '/admin/citizens');
	await page.getByLabel('CPF').first().fill(CPF);
	await page.getByRole('button', { name: 'Gerar relatório' }).click();
	const report = page.getByTestId('lgpd-report');
	await expect(report).toContainText(number);
	await expect(report).toContainText('Rita Prado');
	await expect(report).toContainText('user:atendente');

	await page.locator('#anon-cpf').fill(CPF);
	await page.getByLabel('Pedido atendido').fill('Pedido LGPD nº 7/2026');
	await page.getByLabel('Entendo que não pode ser desfeito.').check();
	await page.getByRole('button', { name: 'Anonimizar' }).click();
	await expect(page.getByRole('status')).toContainText('protocolos anonimizados: 1;');
	expect(page.url()).not.toContain(CPF);
	const after = await clerk.get(`/api/v1/protocols/${number}`);
	expect((await after.json()).staff.citizenName).toBeNull();
});
