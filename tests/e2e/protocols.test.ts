import { expect, test, type Page } from '@playwright/test';
import { cpfCheckDigits } from '../../src/lib/citizens/cpf';

// A protocol's life: the clerk at the counter opens it for the citizen, the organ's staff find
// it in their inbox and conclude it with a public note, the citizen follows it with the CPF.
const CPF = `390533447${cpfCheckDigits('390533447')}`;
const NOTE = 'Guia emitida e enviada ao seu e-mail.';

async function signIn(page: Page, username: string) {
	const login = await page.request.post('/api/v1/auth/login', { data: { username, password: 'vez-demo' } });
	expect(login.status()).toBe(200);
}

test('a clerk opens a protocol, the organ concludes it, the citizen looks it up', async ({ browser }) => {
	const [clerk, staff, citizen] = await Promise.all(
		Array.from({ length: 3 }, async () => (await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' })).newPage())
	);

	// The clerk, at a counter of the central unit, takes the console's "Abrir protocolo" link.
	await signIn(clerk, 'atendente2');
	await clerk.goto('/counter?unit=centro');
	const link = clerk.getByTestId('open-protocol');
	if (!(await link.isVisible())) {
		const counter = clerk.getByLabel('Guichê', { exact: true });
		await counter.selectOption({ label: (await counter.locator('option:not([disabled])').first().textContent())!.trim() });
		await clerk.getByRole('button', { name: 'Abrir guichê' }).click();
	}
	await expect(clerk.getByTestId('counter-status')).toHaveText('Aberto');
	await expect(link).toHaveAttribute('href', /^\/protocolos\/novo\?unit=centro/);
	await clerk.goto((await link.getAttribute('href'))!);
	await expect(clerk.getByRole('heading', { level: 1, name: 'Abrir protocolo' })).toBeVisible();
	await clerk.getByLabel('Serviço').selectOption('itbi');
	await clerk.getByLabel('Tipo de manifestação').selectOption('solicitacao');
	await clerk.getByLabel('CPF do cidadão').fill(CPF);
	await clerk.getByLabel('Nome').fill('Maria <b>Silva</b>');
	await clerk.getByLabel('E-mail (para receber o comprovante)').fill('maria@example.com');
	await clerk.getByLabel('Descrição').fill('Guia de ITBI para a compra de <i>apartamento</i>.');
	await clerk.getByRole('button', { name: 'Abrir protocolo' }).click();
	await expect(clerk.getByTestId('opened')).toBeVisible();
	const number = (await clerk.getByTestId('opened-number').textContent())!.trim();
	expect(number).toMatch(/^\d{10}-\d$/);
	await expect(clerk.getByTestId('opened-organ')).toContainText('Secretaria Municipal da Fazenda');
	await expect(clerk.getByTestId('opened-due')).toHaveText(/\d{2}\/\d{2}\/\d{4}/);

	// The Fazenda's staff see it in their inbox, open it and conclude it with a public note.
	await signIn(staff, 'fazenda');
	await staff.goto('/inbox');
	await expect(staff.getByRole('heading', { level: 1, name: 'Caixa de protocolos' })).toBeVisible();
	await staff.getByRole('link', { name: number }).click();
	await expect(staff.getByTestId('description')).toHaveText('Guia de ITBI para a compra de <i>apartamento</i>.');
	for (const status of ['Em análise', 'Em atendimento']) {
		await staff.getByLabel('Nova situação').selectOption({ label: status });
		await staff.getByRole('button', { name: 'Registrar' }).click();
		await expect(staff.getByTestId('status')).toContainText(status);
	}
	await staff.getByLabel('Nova situação').selectOption({ label: 'Concluído' });
	await staff.getByLabel('Nota', { exact: true }).fill(NOTE);
	await staff.getByLabel(/Nota pública/).check();
	await staff.getByRole('button', { name: 'Registrar' }).click();
	await expect(staff.getByTestId('status')).toContainText('Concluído');
	await expect(staff.getByTestId('history')).toContainText(NOTE);

	// The citizen looks it up with the number and the CPF, and sees the public note only.
	await citizen.goto(`/protocol?numero=${number}`);
	await citizen.getByLabel('CPF').fill('123.456.789-09');
	await citizen.getByRole('button', { name: 'Consultar' }).click();
	await expect(citizen.getByTestId('lookup-error')).toHaveText('Não encontramos um protocolo com esse número e esse CPF ou código.');
	await citizen.getByLabel('CPF').fill(CPF.replace(/(\d{3})(\d{3})(\d{3})(\d{2})/, '$1.$2.$3-$4'));
	await citizen.getByRole('button', { name: 'Consultar' }).click();
	await expect(citizen.getByTestId('lookup-status')).toHaveText('Concluído');
	await expect(citizen.getByTestId('lookup-history')).toContainText(NOTE);
	await expect(citizen.getByTestId('lookup-history').locator('li')).toHaveCount(1);
	await expect(citizen.getByTestId('lookup-result')).toContainText(`***.${CPF.slice(3, 6)}.${CPF.slice(6, 9)}-**`);

	// The outbox shows both e-mails to the citizen: the receipt and the public conclusion.
	const admin = await (await browser.newContext({ locale: 'pt-BR' })).newPage();
	await signIn(admin, 'admin.demo');
	await admin.goto('/admin/outbox');
	const mails = admin.getByTestId('outbox-mail').filter({ hasText: number });
	await expect(mails).toHaveCount(2);
	await expect(mails.filter({ hasText: 'protocol_opened' })).toContainText('maria@example.com');
	await expect(mails.filter({ hasText: 'protocol_status' })).toContainText('maria@example.com');
});
