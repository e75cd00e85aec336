import { expect, test } from '@playwright/test';
import { cpfCheckDigits } from '../../src/lib/citizens/cpf';
import { openPage, signIn, staffApi } from './support';

// A protocol's life: the clerk at the counter finds the citizen by CPF, opens the protocol, prints
// and e-mails the receipt; the organ's staff, watching a filtered inbox, see it arrive live and
// conclude it with a public note; the citizen follows it with the CPF and rates the service.
const CPF = `390533447${cpfCheckDigits('390533447')}`;
const NOTE = 'Guia emitida e enviada ao seu e-mail.';

test('a clerk opens a protocol, the organ concludes it, the citizen looks it up', async ({ browser, baseURL }) => {
	const [clerk, staff, citizen] = await Promise.all(
		Array.from({ length: 3 }, async () => (await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' })).newPage())
	);

	// The citizen called the 156 before: the phone agent opened a protocol with their details.
	const phone = await staffApi(baseURL!, 'agente156');
	const earlier = await phone.post('/api/v1/protocols', {
		data: { service: 'itbi', kind: 'informacao', description: 'Dúvida sobre ITBI', citizen: { cpf: CPF, name: 'Maria Silva', email: 'maria@example.com', phone: '48 99999-0000' } }
	});
	expect(earlier.status()).toBe(201);
	await phone.dispose();

	// The Fazenda's staff watch their inbox filtered to new ITBI protocols (a link they can share).
	await signIn(staff, 'fazenda');
	await openPage(staff, '/inbox');
	await expect(staff.getByRole('heading', { level: 1, name: 'Caixa de protocolos' })).toBeVisible();
	await expect(staff.getByTestId('inbox-live')).toHaveAttribute('data-connected', 'true');
	await staff.getByLabel('Serviço').selectOption('itbi');
	await staff.getByLabel('Situação').selectOption('aberto');
	await staff.getByRole('button', { name: 'Filtrar' }).click();
	await expect(staff).toHaveURL(/[?&]service=itbi/);
	await expect(staff).toHaveURL(/[?&]status=aberto/);
	await expect(staff.getByTestId('inbox-live')).toHaveAttribute('data-connected', 'true');

	// The clerk, at a counter of the central unit, takes the console's "Abrir protocolo" link.
	await signIn(clerk, 'atendente2');
	await openPage(clerk, '/counter?unit=centro');
	const link = clerk.getByTestId('open-protocol');
	if (!(await link.isVisible())) {
		const counter = clerk.getByLabel('Guichê', { exact: true });
		await counter.selectOption({ label: (await counter.locator('option:not([disabled])').first().textContent())!.trim() });
		await clerk.getByRole('button', { name: 'Abrir guichê' }).click();
	}
	await expect(clerk.getByTestId('counter-status')).toHaveText('Aberto');
	await expect(link).toHaveAttribute('href', /^\/protocolos\/novo\?unit=centro/);
	await openPage(clerk, (await link.getAttribute('href'))!);
	await expect(clerk.getByRole('heading', { level: 1, name: 'Abrir protocolo' })).toBeVisible();
	// The catalogue search forgives the missing accents and picks the best match.
	await clerk.getByLabel('Buscar no catálogo de serviços').fill('itbi imovel');
	await clerk.getByTestId('service-search').click();
	await expect(clerk.locator('select[name="service"]')).toHaveValue('itbi');
	await clerk.getByLabel('Tipo de manifestação').selectOption('solicitacao');
	await clerk.getByLabel('CPF do cidadão').fill(CPF);
	await clerk.getByTestId('cpf-lookup').click();
	await expect(clerk.getByTestId('cpf-lookup-result')).toContainText('Dados preenchidos a partir de 1 protocolo');
	await expect(clerk.getByLabel('Nome')).toHaveValue('Maria Silva');
	await expect(clerk.getByLabel('E-mail (para receber o comprovante)')).toHaveValue('maria@example.com');
	await expect(clerk.getByLabel('Telefone')).toHaveValue('48 99999-0000');
	await clerk.getByLabel('Nome').fill('Maria <b>Silva</b>');
	await clerk.getByLabel('Descrição').fill('Guia de ITBI para a compra de <i>apartamento</i>.');
	await clerk.getByRole('button', { name: 'Abrir protocolo' }).click();
	await expect(clerk.getByTestId('opened')).toBeVisible();
	const number = (await clerk.getByTestId('opened-number').textContent())!.trim();
	expect(number).toMatch(/^\d{10}-\d$/);
	await expect(clerk.getByTestId('opened-organ')).toContainText('Secretaria Municipal da Fazenda');
	await expect(clerk.getByTestId('opened-due')).toHaveText(/\d{2}\/\d{2}\/\d{4}/);
	const accessCode = (await clerk.getByTestId('opened-code').textContent())!.trim();

	// The receipt: to the unit's printer (queued, or told there is none) and by e-mail.
	await clerk.getByTestId('receipt-print').click();
	await expect(clerk.getByTestId('receipt-status')).toHaveText(/Comprovante enviado para a impressora|Nenhuma impressora nesta unidade/);
	await expect(clerk.getByLabel('E-mail para o comprovante')).toHaveValue('maria@example.com');
	await clerk.getByTestId('receipt-mail').click();
	await expect(clerk.getByTestId('receipt-status')).toHaveText('Comprovante enviado para maria@example.com.');
	await expect(clerk.getByTestId('opened-number')).toHaveText(number);

	// It arrived in the Fazenda's filtered inbox without a reload; they open it and conclude it.
	await expect(staff.locator(`tr[data-number="${number}"]`)).toBeVisible();
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
	await openPage(citizen, `/protocol?numero=${number}`);
	await citizen.getByLabel('CPF').fill('123.456.789-09');
	await citizen.getByRole('button', { name: 'Consultar' }).click();
	await expect(citizen.getByTestId('lookup-error')).toHaveText('Não encontramos um protocolo com esse número e esse CPF ou código.');
	await citizen.getByLabel('CPF').fill(CPF.replace(/(\d{3})(\d{3})(\d{3})(\d{2})/, '$1.$2.$3-$4'));
	await citizen.getByRole('button', { name: 'Consultar' }).click();
	await expect(citizen.getByTestId('lookup-status')).toHaveText('Concluído');
	await expect(citizen.getByTestId('lookup-history')).toContainText(NOTE);
	await expect(citizen.getByTestId('lookup-history').locator('li')).toHaveCount(1);
	await expect(citizen.getByTestId('lookup-result')).toContainText(`***.${CPF.slice(3, 6)}.${CPF.slice(6, 9)}-**`);

	// The e-mails' rating link: one rating of the service, the second visit says thanks.
	await openPage(citizen, `/protocol/rate?numero=${number}&codigo=${accessCode}`);
	await expect(citizen.getByTestId('rate-protocol')).toContainText(number);
	await citizen.getByRole('button', { name: '5 — Muito satisfeito' }).click();
	await citizen.getByRole('button', { name: 'Enviar avaliação' }).click();
	await expect(citizen.getByTestId('rate-thanks')).toBeVisible();
	await citizen.reload();
	await expect(citizen.getByTestId('rate-thanks')).toBeVisible();
	expect((await citizen.goto(`/protocol/rate?numero=${number}&codigo=ZZZZZZZZ`))!.status()).toBe(404);

	// The outbox shows the e-mails to the citizen: the receipt, its copy from the counter and the public conclusion.
	const admin = await (await browser.newContext({ locale: 'pt-BR' })).newPage();
	await signIn(admin, 'admin.demo');
	await admin.goto('/admin/outbox');
	const mails = admin.getByTestId('outbox-mail').filter({ hasText: number });
	await expect(mails).toHaveCount(3);
	// Each kind in words, not its code.
	const ofKind = (kind: string) => mails.filter({ has: admin.locator(`[data-kind="${kind}"]`) });
	await expect(ofKind('protocol_opened')).toContainText('maria@example.com');
	await expect(ofKind('protocol_opened')).toContainText('Protocolo aberto');
	await expect(ofKind('protocol_receipt')).toContainText('Comprovante de protocolo');
	await expect(ofKind('protocol_status')).toContainText('maria@example.com');
	await expect(mails.first()).not.toContainText('protocol_');
});
