import { expect, test, type Page } from '@playwright/test';
import { issueTicket, openPage, resetUnit, signIn } from './support';

// The walk of issue 19 at real sizes: phones at 360 px, the console at 1366×768. This file uses
// the unit `continente` for the console and leaves it with nobody waiting and every counter closed;
// the citizen pages only read (the booking below is refused before anything is written).
const UNIT = 'continente';
const CLERK = 'atendente.continente';
const PHONE = { width: 360, height: 780 };

// Words that only an English message would put on a pt-BR page.
const ENGLISH = /\b(the|some|fields?|missing|invalid|please|error|not found|is|are|was|this|cannot|unknown)\b/i;

/** How far the page reaches past the viewport's right edge (0 when nothing slides sideways). */
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('citizen pages on a 360 px phone', () => {
	test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

	test('no citizen page slides sideways', async ({ page, request, baseURL }) => {
		const ticket = await issueTicket(request, UNIT, 'iptu-segunda-via');
		const pages = [
			'/',
			'/login',
			'/services',
			'/services/iptu-segunda-via',
			'/services?q=certidao',
			'/book',
			'/book?service=iptu-segunda-via',
			'/book?service=iptu-segunda-via&unit=centro',
			'/protocol',
			`/t/${ticket.publicId}`
		];
		const wide: string[] = [];
		for (const url of pages) {
			await openPage(page, url);
			const over = await overflowX(page);
			if (over > 0) wide.push(`${url}: ${over}px`);
		}
		expect(wide).toEqual([]);
		await resetUnit(baseURL!, UNIT, CLERK);
	});

	test('a booking with an invalid CPF says so in Portuguese, next to the field, and keeps everything typed', async ({ page }) => {
		await openPage(page, '/book?service=iptu-segunda-via&unit=centro');
		await page.locator('a.choice[data-date]').first().click();
		await page.locator('a.slot').first().click();
		await page.getByLabel('CPF').fill('123.456.789-00');
		await page.getByLabel('Nome completo').fill('Joana da Silva');
		await page.getByLabel('E-mail').fill('joana@example.org');
		await page.getByLabel('Telefone').fill('(48) 99999-0000');
		await page.getByRole('button', { name: 'Confirmar agendamento' }).click();

		const alert = page.getByRole('alert');
		await expect(alert).toHaveText('Não foi possível agendar: confira os campos marcados abaixo.');
		await expect(page.getByLabel('CPF')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('CPF')).toHaveAccessibleDescription('CPF inválido: confira os 11 dígitos');
		await expect(page.getByLabel('CPF')).toHaveValue('123.456.789-00');
		await expect(page.getByLabel('Nome completo')).toHaveValue('Joana da Silva');
		await expect(page.getByLabel('E-mail')).toHaveValue('joana@example.org');
		await expect(page.getByLabel('Telefone')).toHaveValue('(48) 99999-0000');
		expect(await page.locator('main').innerText()).not.toMatch(ENGLISH);
		expect(await overflowX(page)).toBe(0);

		// Without a contact, the problem is named on the e-mail field, still in Portuguese.
		await page.getByLabel('CPF').fill('529.982.247-25');
		await page.getByLabel('E-mail').fill('');
		await page.getByLabel('Telefone').fill('');
		await page.getByRole('button', { name: 'Confirmar agendamento' }).click();
		await expect(page.getByLabel('E-mail')).toHaveAccessibleDescription(/informe um e-mail ou um telefone/);
		await expect(page.getByLabel('Nome completo')).toHaveValue('Joana da Silva');
		expect(await page.locator('main').innerText()).not.toMatch(ENGLISH);
	});

	test('the protocol look-up keeps the form filled after an answer, and words it in Portuguese', async ({ page }) => {
		await openPage(page, '/protocol');
		await page.getByLabel('Número do protocolo').fill('2026-000999');
		await page.getByLabel('Código de acesso').fill('ABCD-EFGH');
		await page.getByRole('button', { name: 'Consultar' }).click();
		await expect(page.getByTestId('lookup-error')).toBeVisible();
		await expect(page.getByLabel('Número do protocolo')).toHaveValue('2026-000999');
		await expect(page.getByLabel('Código de acesso')).toHaveValue('ABCD-EFGH');
		expect(await page.locator('main').innerText()).not.toMatch(ENGLISH);

		// Neither CPF nor code: the same form, the number still there.
		await page.getByLabel('Código de acesso').fill('');
		await page.getByRole('button', { name: 'Consultar' }).click();
		await expect(page.getByTestId('lookup-error')).toBeVisible();
		await expect(page.getByLabel('Número do protocolo')).toHaveValue('2026-000999');
		expect(await page.locator('main').innerText()).not.toMatch(ENGLISH);
	});
});

test.describe('the console at 1366×768', () => {
	test.use({ viewport: { width: 1366, height: 768 } });

	test.beforeEach(async ({ baseURL }) => {
		await resetUnit(baseURL!, UNIT, CLERK);
	});
	test.afterAll(async ({ baseURL }) => {
		await resetUnit(baseURL!, UNIT, CLERK);
	});

	test('services fold into one line, empty queues fold away, and "Finalizar" answers in view', async ({ page, request }) => {
		await signIn(page, CLERK);
		await openPage(page, '/counter');
		await page.getByRole('button', { name: 'Abrir guichê' }).click();
		await expect(page.getByTestId('counter-status')).toHaveText('Aberto');

		// The counter's services: one line that opens, not a paragraph of every name.
		const serves = page.getByTestId('counter-services');
		await expect(serves.locator('summary')).toContainText(/^Atende \d+ serviços/);
		await expect(serves.getByText('Emissão de 2ª via do IPTU')).toBeHidden();
		await serves.locator('summary').click();
		await expect(serves.getByText('Emissão de 2ª via do IPTU')).toBeVisible();

		// One ticket waits: its queue shows; every other service of the counter is one folded line.
		const ticket = await issueTicket(request, UNIT, 'iptu-segunda-via');
		await expect(page.getByTestId('queue-ticket').filter({ hasText: ticket.number })).toBeVisible();
		const idle = page.getByTestId('idle-services');
		await expect(idle.locator('summary')).toHaveText(/serviços seus sem ninguém aguardando/);
		await expect(idle.locator('[data-service="certidao-negativa-debitos"]')).toBeHidden();

		await page.getByRole('button', { name: 'Chamar próxima' }).click();
		await expect(page.getByTestId('current-number')).toHaveText(ticket.number);
		await page.getByRole('button', { name: 'Iniciar atendimento' }).click();
		await expect(page.getByTestId('current-status')).toHaveText('Em atendimento');
		const finish = page.getByRole('button', { name: 'Finalizar', exact: true });
		await finish.scrollIntoViewIfNeeded();
		await finish.click();
		const message = page.getByTestId('message');
		await expect(message).toHaveText(`Senha ${ticket.number} finalizada.`);
		await expect(message).toBeInViewport();
		expect(await overflowX(page)).toBe(0);
	});

	test('the console works from the keyboard alone, with a focus ring that shows', async ({ page, request }) => {
		await signIn(page, CLERK);
		await openPage(page, '/counter');
		const open = page.getByRole('button', { name: 'Abrir guichê' });
		for (let i = 0; i < 60 && !(await open.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
		await expect(open).toBeFocused();
		// The ring: a 3 px outline, not the browser's default nor nothing.
		expect(await open.evaluate((el) => getComputedStyle(el).outlineWidth)).toBe('3px');
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('counter-status')).toHaveText('Aberto');
		const ticket = await issueTicket(request, UNIT, 'iptu-segunda-via');
		await expect(page.getByTestId('queue-ticket').filter({ hasText: ticket.number })).toBeVisible();
		await page.keyboard.press('F2');
		await expect(page.getByTestId('current-number')).toHaveText(ticket.number);
		await page.keyboard.press('Alt+KeyI');
		await expect(page.getByTestId('current-status')).toHaveText('Em atendimento');
	});

	test('the protocol form opened from the console leads back to it', async ({ page }) => {
		await signIn(page, CLERK);
		await openPage(page, '/counter');
		await page.getByRole('button', { name: 'Abrir guichê' }).click();
		await expect(page.getByTestId('counter-status')).toHaveText('Aberto');
		await page.getByTestId('open-protocol').click();
		await expect(page.getByRole('heading', { level: 1, name: 'Abrir protocolo' })).toBeVisible();
		await page.getByRole('link', { name: 'Voltar ao console' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Console do atendente' })).toBeVisible();
		await expect(page.getByTestId('counter-status')).toHaveText('Aberto');
	});
});
