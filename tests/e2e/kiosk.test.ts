import { expect, test, type Page } from '@playwright/test';

// This file uses the unit `lagoa` only (other suites use other units of the demo city).
const KIOSK = '/kiosk/lagoa';
const TOKEN = 'demo-kiosk-lagoa';
const IPTU = /Emissão de 2ª via do IPTU/;
const CADUNICO = /Cadastro Único/;

async function openKiosk(page: Page, token: string | null = TOKEN) {
	await page.goto(token ? `${KIOSK}?token=${token}` : KIOSK);
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
	// The server-rendered screen shows before its buttons work; a tap then is lost, as no person
	// standing at a kiosk that has been on all morning would ever see.
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
}

test('issues a normal ticket with number, people ahead, estimate and a QR code to follow it', async ({ page }) => {
	await openKiosk(page);
	// The device token is kept on the device and taken out of the address bar.
	await expect(page).not.toHaveURL(/token=/);
	expect(await page.evaluate(() => localStorage.getItem('vez.kiosk.lagoa'))).toBe(TOKEN);

	await expect(page.getByRole('button', { name: IPTU })).toContainText(/Espera estimada|Sem espera/);
	await page.getByRole('button', { name: IPTU }).click();
	await expect(page.getByRole('heading', { name: 'Atendimento prioritário?' })).toBeVisible();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();

	await expect(page.getByTestId('ticket-number')).toHaveText(/^A\d{3}$/);
	await expect(page.getByText('Emissão de 2ª via do IPTU')).toBeVisible();
	await expect(page.getByText(/à sua frente/)).toBeVisible();
	await expect(page.getByText(/Espera estimada: (em instantes|alguns minutos|cerca de \d+ min|\d+–\d+ min)/)).toBeVisible();
	await expect(page.getByRole('img', { name: /Código QR para acompanhar a senha A\d{3}/ })).toBeVisible();
	await expect(page.locator('figure.qr svg')).toBeVisible();
	await expect(page.getByText('Acompanhe pelo celular')).toBeVisible();
	await expect(page.getByText('Impressora indisponível — fotografe o código ou anote sua senha')).toBeVisible();
	await expect(page.getByText(/Voltando ao início em \d+ s/)).toBeVisible();

	// The QR code points at the visitor's tracking page, which shows the same number.
	const number = await page.getByTestId('ticket-number').textContent();
	const trackUrl = await page.locator('figure.qr').getAttribute('data-track-url');
	expect(trackUrl).toMatch(/\/t\/[A-Za-z0-9_-]{16,}$/);

	await page.getByRole('button', { name: 'Concluir' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();

	await page.goto(new URL(trackUrl!).pathname);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(number!);
});

test('issues a priority ticket and says a document may be asked at the counter', async ({ page }) => {
	await openKiosk(page);
	await page.getByRole('button', { name: CADUNICO }).click();
	const elderly = page.getByRole('button', { name: /Pessoa idosa \(60 anos ou mais\)/ });
	await expect(elderly).toContainText('Apresente documento no guichê');
	await expect(page.getByRole('button', { name: /Gestante/ })).not.toContainText('Apresente documento');
	await elderly.click();

	await expect(page.getByTestId('ticket-number')).toHaveText(/^C\d{3}$/);
	await expect(page.getByText('Prioridade: Pessoa idosa (60 anos ou mais)')).toBeVisible();
	await expect(page.getByRole('img', { name: /Código QR/ })).toBeVisible();
});

test('goes back to the start by itself after the ticket was shown', async ({ page }) => {
	await page.clock.install();
	await openKiosk(page);
	await page.getByRole('button', { name: IPTU }).click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
	await expect(page.getByTestId('ticket-number')).toBeVisible();
	await page.clock.runFor(21_000);
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
});

test('keeps the token across reloads and issues without it in the URL', async ({ page }) => {
	await openKiosk(page);
	await page.goto(KIOSK);
	await page.getByRole('button', { name: IPTU }).click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
	await expect(page.getByTestId('ticket-number')).toHaveText(/^A\d{3}$/);
});

test('a wrong token shows, in plain words, that the kiosk is not issuing tickets', async ({ page }) => {
	await page.goto(`${KIOSK}?token=not-a-real-token`);
	await expect(page.getByRole('heading', { name: 'Este totem ainda não está emitindo senhas' })).toBeVisible();
	await expect(page.getByText('Procure a recepção para ser atendido.', { exact: false })).toBeVisible();
	// No jargon on a public screen.
	await expect(page.getByText(/token/i)).toHaveCount(0);
	await expect(page.getByRole('button', { name: IPTU })).toHaveCount(0);
});

test('a kiosk without any token, or with another unit’s token, is not authorised', async ({ page }) => {
	await page.goto(KIOSK);
	await expect(page.getByRole('heading', { name: 'Este totem ainda não está emitindo senhas' })).toBeVisible();
	await page.goto(`${KIOSK}?token=demo-kiosk-ingleses`);
	await expect(page.getByRole('heading', { name: 'Este totem ainda não está emitindo senhas' })).toBeVisible();
});

test('a closed unit says when it opens', async ({ page }) => {
	await openKiosk(page);
	await page.route('**/api/v1/units/lagoa/tickets', (route) =>
		route.fulfill({
			status: 409,
			contentType: 'application/json',
			body: JSON.stringify({
				error: { code: 'unit_closed', message: 'The unit is closed now.', fields: { opensAt: new Date(Date.now() + 3_600_000).toISOString() } }
			})
		})
	);
	await page.getByRole('button', { name: IPTU }).click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
	await expect(page.getByRole('heading', { name: /^Unidade fechada — abre (.+ )?às \d\d:\d\d$/ })).toBeVisible();
});

test('a network failure offers a retry that then issues the ticket, and a double tap issues one ticket', async ({ page }) => {
	await openKiosk(page);
	await page.route('**/api/v1/units/lagoa/tickets', (route) => route.abort('internetdisconnected'));
	await page.getByRole('button', { name: IPTU }).click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
	await expect(page.getByRole('heading', { name: 'Sem conexão com o servidor' })).toBeVisible();

	await page.unroute('**/api/v1/units/lagoa/tickets');
	let posts = 0;
	await page.route('**/api/v1/units/lagoa/tickets', async (route) => {
		posts += 1;
		await new Promise((r) => setTimeout(r, 300));
		await route.continue();
	});
	await page.getByRole('button', { name: 'Tentar de novo' }).dblclick();
	await expect(page.getByTestId('ticket-number')).toHaveText(/^A\d{3}$/);
	expect(posts).toBe(1);
});

test('a double tap on a priority choice issues a single ticket', async ({ page }) => {
	await openKiosk(page);
	let posts = 0;
	await page.route('**/api/v1/units/lagoa/tickets', async (route) => {
		posts += 1;
		await new Promise((r) => setTimeout(r, 300));
		await route.continue();
	});
	await page.getByRole('button', { name: IPTU }).click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).dblclick();
	await expect(page.getByTestId('ticket-number')).toBeVisible();
	expect(posts).toBe(1);
});

test('the kiosk is operable with the keyboard alone and every button has a name', async ({ page }) => {
	await openKiosk(page);
	for (const button of await page.getByRole('button').all()) await expect(button).toHaveAccessibleName(/\S/);
	for (const link of await page.getByRole('link').all()) await expect(link).toHaveAccessibleName(/\S/);

	const iptu = page.getByRole('button', { name: IPTU });
	for (let i = 0; i < 20 && !(await iptu.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
	await expect(iptu).toBeFocused();
	await page.keyboard.press('Enter');

	await expect(page.getByRole('heading', { name: 'Atendimento prioritário?' })).toBeFocused();
	for (const button of await page.getByRole('button').all()) await expect(button).toHaveAccessibleName(/\S/);
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Não, atendimento normal' })).toBeFocused();
	await page.keyboard.press('Enter');

	await expect(page.getByTestId('ticket-number')).toHaveText(/^A\d{3}$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Concluir' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
});

test('service buttons are large touch targets', async ({ page }) => {
	await openKiosk(page);
	for (const button of await page.locator('button.service').all()) {
		const box = await button.boundingBox();
		expect(box!.height).toBeGreaterThanOrEqual(64);
		expect(box!.width).toBeGreaterThanOrEqual(64);
	}
});

test('the language buttons switch the kiosk to English and Spanish', async ({ page }) => {
	await openKiosk(page);
	await page.getByRole('link', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Take a ticket' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.getByRole('button', { name: IPTU }).click();
	await expect(page.getByRole('heading', { name: 'Priority service?' })).toBeVisible();
	await page.getByRole('button', { name: 'Back' }).click();
	await page.getByRole('link', { name: 'Español' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Retire su turno' })).toBeVisible();
	await page.getByRole('link', { name: 'Português' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
});
