import { expect, test, type Page } from '@playwright/test';

async function submitLogin(page: Page, username: string, password: string) {
	await page.goto('/login');
	await page.getByLabel('Usuário').fill(username);
	await page.getByLabel('Senha').fill(password);
	await page.getByRole('button', { name: 'Entrar' }).click();
}

/** Signs in through the form and waits until the session cookie is set (we left /login). */
async function signIn(page: Page, username: string) {
	await submitLogin(page, username, 'vez-demo');
	await expect(page).not.toHaveURL(/\/login/);
}

test('the home page says what Vez is and links the screens', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1, name: 'Vez' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Console do atendente' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Pró-Cidadão Centro' })).toBeVisible();
});

test('the language switch turns the home page into English and Spanish', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('link', { name: 'English' }).click();
	await expect(page.getByRole('link', { name: 'Clerk console' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.getByRole('link', { name: 'Español' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});

const homes: [string, RegExp, string][] = [
	['admin.demo', /\/admin$/, 'Administração'],
	['gerente', /\/manage$/, 'Painel do gestor'],
	['atendente', /\/counter/, 'Console do atendente'],
	['agente156', /\/counter/, 'Console do atendente'],
	['fazenda', /\/inbox$/, 'Caixa de protocolos']
];

for (const [username, url, heading] of homes) {
	test(`${username} signs in and lands on their home`, async ({ page }) => {
		await signIn(page, username);
		await expect(page).toHaveURL(url);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
	});
}

test('a clerk is refused the admin screen with a 403 page', async ({ page }) => {
	await signIn(page, 'atendente');
	await expect(page).toHaveURL(/\/counter/);
	const response = await page.goto('/admin');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
});

test('organ staff are refused the manager dashboard', async ({ page }) => {
	await signIn(page, 'fazenda');
	const response = await page.goto('/manage');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
});

test('a wrong password shows a clear message and no session', async ({ page }) => {
	await submitLogin(page, 'atendente', 'wrong-password');
	await expect(page.getByRole('alert')).toHaveText('Usuário ou senha incorretos.');
	await expect(page).toHaveURL(/\/login/);
});

test('a visitor asking for the admin screen is sent to the login page and back after signing in', async ({ page }) => {
	await page.goto('/admin');
	await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);
	await page.getByLabel('Usuário').fill('admin');
	await page.getByLabel('Senha').fill('e2e-admin-password');
	await page.getByRole('button', { name: 'Entrar' }).click();
	await expect(page).toHaveURL(/\/admin$/);
});

test('the admin creates a kiosk token, sees it once, and revokes it', async ({ page }) => {
	await signIn(page, 'admin.demo');
	await page.getByLabel('Nome', { exact: true }).first().fill('Totem do térreo');
	await page.getByLabel('Tipo').selectOption('kiosk');
	await page.getByLabel('Unidade', { exact: true }).selectOption('centro');
	await page.getByRole('button', { name: 'Criar' }).first().click();
	const token = await page.getByTestId('new-token').textContent();
	expect(token?.length).toBeGreaterThan(30);
	await page.reload();
	await expect(page.getByTestId('new-token')).toHaveCount(0);
	await expect(page.getByRole('row', { name: /Totem do térreo/ }).getByRole('cell', { name: 'Totem', exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Revogar Totem do térreo' }).click();
	await expect(page.getByRole('row', { name: /Totem do térreo/ }).getByText('revogado')).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
	await signIn(page, 'gerente');
	await page.getByRole('button', { name: 'Sair' }).click();
	await expect(page).toHaveURL(/\/login/);
	const response = await page.goto('/manage');
	await expect(page).toHaveURL(/\/login\?next=/);
	expect(response?.ok()).toBe(true);
});
