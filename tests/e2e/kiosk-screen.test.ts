import net from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { resetUnit, staffApi } from './support';

// The kiosk at its real sizes, with its on-screen keys, accessibility mode, time limits and the
// paper's real state. Tickets are taken only in `canasvieiras` (visit.test.ts uses it after this
// file: everything issued here is cancelled and the printer added here is switched off at the
// end); `centro`, with its 16 services, is only looked at and typed into, never issued from.
const UNIT = 'canasvieiras';
const KIOSK = `/kiosk/${UNIT}?token=demo-kiosk-${UNIT}`;
const BIG_KIOSK = '/kiosk/centro?token=demo-kiosk-centro';
const SIZES = [
	{ name: 'portrait', width: 1080, height: 1920 },
	{ name: 'landscape', width: 1920, height: 1080 }
];

async function fits(page: Page) {
	const size = await page.evaluate(() => ({
		height: document.scrollingElement!.scrollHeight,
		width: document.scrollingElement!.scrollWidth,
		viewHeight: window.innerHeight,
		viewWidth: window.innerWidth
	}));
	expect(size.height).toBeLessThanOrEqual(size.viewHeight);
	expect(size.width).toBeLessThanOrEqual(size.viewWidth);
}

async function openKiosk(page: Page, url = KIOSK) {
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
}

async function firstService(page: Page) {
	return page.locator('button.service').first();
}

test.afterAll(async ({ baseURL }) => {
	await resetUnit(baseURL!, UNIT, `atendente.${UNIT}`);
});

for (const size of SIZES) {
	test(`at ${size.width}×${size.height} (${size.name}) no screen is taller than the display, and the list says when more services lie below`, async ({ page }) => {
		await page.setViewportSize({ width: size.width, height: size.height });
		await openKiosk(page, BIG_KIOSK);
		await fits(page);

		// Sixteen services do not fit: the list scrolls inside the screen and says there is more.
		const list = page.getByTestId('service-list');
		const more = page.getByTestId('more-services');
		expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
		await expect(more).toBeVisible();
		await more.click();
		await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
		await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
		await expect(more).toBeHidden();

		// The search keyboard opens on the screen, not over its edge.
		await page.getByLabel('Buscar serviço').click();
		await expect(page.getByRole('group', { name: 'Teclado da busca' })).toBeVisible();
		await fits(page);
		await page.getByRole('button', { name: 'Fechar teclado' }).click();

		await page.getByRole('button', { name: 'Tenho agendamento' }).click();
		await expect(page.getByRole('group', { name: 'Teclado do CPF' })).toBeVisible();
		await fits(page);
		await page.getByRole('button', { name: 'Voltar' }).click();

		await openKiosk(page);
		await (await firstService(page)).click();
		const normal = page.getByRole('button', { name: 'Não, atendimento normal' });
		if (await normal.isVisible()) {
			await fits(page);
			await normal.click();
		}
		await expect(page.getByTestId('ticket-number')).toBeVisible();
		await fits(page);
		// The ticket screen fills the screen rather than leaving two thirds of it empty.
		const ticket = (await page.locator('section.ticket').boundingBox())!;
		expect(ticket.height).toBeGreaterThan(size.height * (size.name === 'portrait' ? 0.7 : 0.5));
		await page.getByRole('button', { name: 'Concluir' }).click();
	});
}

test('the on-screen keys type a CPF and a booking code, and the search, with no OS keyboard', async ({ page }) => {
	await page.setViewportSize({ width: 1080, height: 1920 });
	await openKiosk(page, BIG_KIOSK);

	await page.getByLabel('Buscar serviço').click();
	const keyboard = page.getByRole('group', { name: 'Teclado da busca' });
	for (const key of 'IPTU') await keyboard.getByRole('button', { name: key, exact: true }).click();
	await expect(page.getByLabel('Buscar serviço')).toHaveValue('IPTU');
	await expect(page.locator('button.service', { hasText: 'Emissão de 2ª via do IPTU' })).toBeVisible();
	await expect(page.locator('button.service', { hasNotText: /IPTU/ })).toHaveCount(0);
	await keyboard.getByRole('button', { name: 'Limpar' }).click();
	await expect(page.getByLabel('Buscar serviço')).toHaveValue('');
	await page.getByRole('button', { name: 'Fechar teclado' }).click();

	await page.getByRole('button', { name: 'Tenho agendamento' }).click();
	const field = page.getByLabel('Código do agendamento ou CPF');
	await expect(field).toHaveAttribute('inputmode', 'none');
	const confirm = page.getByRole('button', { name: 'Confirmar chegada' });
	await expect(confirm).toBeDisabled();
	// Disabled, and still legible: light text on a dark slate, contrast well above 4.5:1.
	const colours = await confirm.evaluate((el) => {
		const s = getComputedStyle(el);
		return { color: s.color, background: s.backgroundColor, opacity: s.opacity };
	});
	expect(colours).toEqual({ color: 'rgb(230, 237, 245)', background: 'rgb(42, 63, 87)', opacity: '1' });

	const digits = page.getByRole('group', { name: 'Teclado do CPF' });
	for (const d of '529982247250') await digits.getByRole('button', { name: d, exact: true }).click();
	await expect(field).toHaveValue('529.982.247-25');
	await digits.getByRole('button', { name: 'Apagar' }).click();
	await expect(field).toHaveValue('529.982.247-2');
	await digits.getByRole('button', { name: '5', exact: true }).click();
	await expect(confirm).toBeEnabled();
	await confirm.click();
	await expect(page.getByRole('alert')).toHaveText('Não encontramos agendamento para hoje nesta unidade com este código ou CPF.');

	await page.getByRole('button', { name: 'Código do agendamento', exact: true }).click();
	const symbols = page.getByRole('group', { name: 'Teclado do Código do agendamento' });
	await expect(symbols.getByRole('button', { name: 'O', exact: true })).toHaveCount(0);
	for (const c of 'K7MQ2X9PD') await symbols.getByRole('button', { name: c, exact: true }).click();
	await expect(field).toHaveValue('K7M-Q2X-9PD');
});

test('accessibility mode: larger text, high contrast and the ticket read aloud, for this visitor only', async ({ page }) => {
	await page.addInitScript(() => {
		const said: string[] = [];
		(window as unknown as { said: string[] }).said = said;
		window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void said.push(`${u.lang}|${u.text}`);
	});
	await page.setViewportSize({ width: 1080, height: 1920 });
	await openKiosk(page);
	const toggle = page.getByRole('button', { name: 'Acessibilidade' });
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
	expect(await page.locator('main.kiosk').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
	await fits(page);

	await (await firstService(page)).click();
	const normal = page.getByRole('button', { name: 'Não, atendimento normal' });
	if (await normal.isVisible()) await normal.click();
	const number = (await page.getByTestId('ticket-number').textContent())!.trim();
	await fits(page);
	const spelled = [...number].join(' ');
	await expect.poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said)).toEqual([expect.stringContaining(`pt-BR|Sua senha é ${spelled}.`)]);
	await page.getByRole('button', { name: 'Ouvir a senha' }).click();
	await expect.poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said.length)).toBe(2);

	// The next visitor starts with the ordinary screen.
	await page.getByRole('button', { name: 'Concluir' }).click();
	await expect(page.getByRole('button', { name: 'Acessibilidade' })).toHaveAttribute('aria-pressed', 'false');
	expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('16px');
});

test('a screen left mid-way warns first and gives more time before going back to the start', async ({ page }) => {
	await page.clock.install();
	await openKiosk(page);
	await page.getByRole('button', { name: 'Tenho agendamento' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tenho agendamento' })).toBeVisible();

	await page.clock.runFor(31_000);
	const warning = page.getByRole('alertdialog', { name: 'Você ainda está aí?' });
	await expect(warning).toBeVisible();
	await expect(warning).toContainText(/volta ao início em \d+ s/);
	await expect(warning.getByRole('button', { name: 'Preciso de mais tempo' })).toBeFocused();
	await warning.getByRole('button', { name: 'Preciso de mais tempo' }).click();
	await expect(warning).toBeHidden();
	await expect(page.getByRole('heading', { level: 1, name: 'Tenho agendamento' })).toBeVisible();

	await page.clock.runFor(46_000);
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
});

test('the ticket screen says "printed" once the printer took the ticket', async ({ page, baseURL }) => {
	// A network printer on 127.0.0.1 (port chosen by the system) that takes every byte.
	const received: Buffer[] = [];
	const printer = net.createServer((socket) => socket.on('data', (d) => received.push(d)));
	await new Promise<void>((resolve) => printer.listen(0, '127.0.0.1', resolve));
	const port = (printer.address() as net.AddressInfo).port;
	const admin = await staffApi(baseURL!, 'admin.demo');
	const created = await admin.post(`/api/v1/units/${UNIT}/printers`, { data: { name: 'Totem Canasvieiras', host: '127.0.0.1', port } });
	expect(created.status()).toBe(201);
	const { id } = await created.json();
	try {
		await openKiosk(page);
		await (await firstService(page)).click();
		const normal = page.getByRole('button', { name: 'Não, atendimento normal' });
		if (await normal.isVisible()) await normal.click();
		const number = (await page.getByTestId('ticket-number').textContent())!.trim();
		const paper = page.getByTestId('paper-status');
		await expect(paper).toHaveText('Senha impressa — retire o papel na impressora', { timeout: 15_000 });
		await expect(paper).toHaveAttribute('data-paper', 'printed');
		expect(Buffer.concat(received).toString('latin1')).toContain(number);
		await expect(page.getByText('Imprimindo sua senha…')).toHaveCount(0);
	} finally {
		await admin.patch(`/api/v1/printers/${id}`, { data: { active: false } });
		await admin.dispose();
		printer.close();
	}
});
