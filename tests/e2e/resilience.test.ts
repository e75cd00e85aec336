import { expect, test, type Page } from '@playwright/test';
import { issueTicket, openCounter, openPage, resetUnit, signIn, staffApi } from './support';

// Issue 12: lost answers, a server that cannot be reached and taps that land twice. The kiosk
// parts use `lagoa`'s kiosk (like kiosk.test.ts), the console `rio-tavares`.
const KIOSK = '/kiosk/lagoa?token=demo-kiosk-lagoa';
const IPTU = /Emissão de 2ª via do IPTU/;
const START = { level: 1, name: 'Retire sua senha' } as const;

async function openKiosk(page: Page) {
	await openPage(page, KIOSK);
	await expect(page.getByRole('heading', START)).toBeVisible();
}

async function takeTicket(page: Page) {
	await page.getByRole('button', { name: IPTU }).click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
}

test('a double tap on "Concluir" does not let its second tap open a service on the start screen', async ({ page }) => {
	// A portrait kiosk screen, where the start screen's services are in view under the finger.
	await page.setViewportSize({ width: 1080, height: 1920 });
	await openKiosk(page);
	await takeTicket(page);
	await expect(page.getByTestId('ticket-number')).toBeVisible();

	await page.getByRole('button', { name: 'Concluir' }).click();
	// The second tap of the double tap lands on whatever the start screen now shows under the finger.
	await expect(page.getByRole('heading', START)).toBeVisible();
	const service = (await page.getByRole('button', { name: IPTU }).boundingBox())!;
	expect(service.y + service.height).toBeLessThan(1920);
	await page.mouse.click(service.x + service.width / 2, service.y + service.height / 2);
	await expect(page.getByRole('heading', START)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Atendimento prioritário?' })).toHaveCount(0);

	// A tap meant for the start screen is taken once it has settled.
	await page.getByRole('button', { name: IPTU }).click();
	await expect(page.getByRole('heading', { name: 'Atendimento prioritário?' })).toBeVisible();
});

test('a kiosk issue whose answer was lost is retried with the same key and gets the first ticket, not a second', async ({ page, baseURL }) => {
	const staff = await staffApi(baseURL!, 'atendente.lagoa');
	const waiting = async () =>
		((await (await staff.get('/api/v1/units/lagoa/queue')).json()) as { services: { tickets: { number: string }[] }[] }).services.flatMap((s) => s.tickets.map((t) => t.number));
	const before = await waiting();
	await openKiosk(page);

	const keys: string[] = [];
	let issued: { number: string } | null = null;
	await page.route('**/api/v1/units/lagoa/tickets', async (route) => {
		keys.push(route.request().headers()['idempotency-key']);
		if (issued) return route.continue();
		// The server issues the ticket, and its answer is lost on the way back.
		issued = await (await route.fetch()).json();
		await route.abort('connectionreset');
	});
	await takeTicket(page);
	await expect(page.getByRole('heading', { name: 'Sem conexão com o servidor' })).toBeVisible();
	await page.getByRole('button', { name: 'Tentar de novo' }).click();

	await expect(page.getByTestId('ticket-number')).toHaveText(issued!.number);
	expect(keys).toHaveLength(2);
	expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
	expect(keys[1]).toBe(keys[0]);
	const after = await waiting();
	expect(after.filter((n) => !before.includes(n))).toEqual([issued!.number]);
	await staff.dispose();
});

test('the console says in its own words that the server cannot be reached, and its retry works once it is back', async ({ page, baseURL }) => {
	await resetUnit(baseURL!, 'rio-tavares', 'atendente.rio-tavares');
	const counter = await openCounter(page.request, 'rio-tavares', 'atendente.rio-tavares', ['iptu-segunda-via']);
	const ticket = await issueTicket(page.request, 'rio-tavares', 'iptu-segunda-via');
	await openPage(page, '/counter?unit=rio-tavares');
	await expect(page.getByTestId('counter-status')).toHaveText('Aberto');

	// The server is gone: nothing the page asks for gets an answer (data reloads and navigations included).
	await page.route('**/*', (route) => route.abort('connectionrefused'));
	await page.getByRole('button', { name: 'Chamar próxima' }).click();
	const unreachable = page.getByTestId('server-unreachable');
	await expect(unreachable).toContainText('Sem conexão com o servidor do Vez');
	await expect(page).toHaveURL(/\/counter\?unit=rio-tavares$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Console do atendente' })).toBeVisible();

	// Still away: the retry says so again, and the page stays.
	await unreachable.getByRole('button', { name: 'Tentar de novo' }).click();
	await expect(unreachable).toBeVisible();

	await page.unroute('**/*');
	await unreachable.getByRole('button', { name: 'Tentar de novo' }).click();
	await expect(page.getByTestId('current-number')).toHaveText(ticket.number);
	await expect(page.getByTestId('message')).toHaveText(`Senha ${ticket.number} chamada.`);

	await page.request.post(`/api/v1/tickets/${ticket.id}/cancel`);
	await page.request.post(`/api/v1/counters/${counter.id}/close`);
});

test('the protocol form keeps what was typed when the server cannot be reached, and its retry opens one protocol', async ({ page }) => {
	await signIn(page, 'atendente.rio-tavares');
	await openPage(page, '/protocolos/novo?unit=rio-tavares');
	await page.locator('select[name=service]').selectOption('tapa-buraco');
	await page.getByLabel('Tipo de manifestação').selectOption('solicitacao');
	await page.getByLabel('CPF do cidadão').fill('529.982.247-25');
	await page.getByLabel('Nome').fill('Maria da Silva');
	await page.getByLabel('Descrição').fill('Buraco em frente à escola');

	const keys: string[] = [];
	let lost: string | null = null;
	await page.route(/\/protocolos\/novo\?\/open$/, async (route) => {
		keys.push(new URLSearchParams(route.request().postData() ?? '').get('idempotencyKey') ?? '');
		if (lost) return route.continue();
		// Opened on the server; the answer, with the protocol's number, is lost.
		lost = (await (await route.fetch()).text()).match(/\d{10}-\d/)![0];
		await route.abort('connectionreset');
	});
	await page.getByRole('button', { name: 'Abrir protocolo' }).click();
	const unreachable = page.getByTestId('server-unreachable');
	await expect(unreachable).toContainText('O que você preencheu continua no formulário.');
	await expect(page.getByLabel('Descrição')).toHaveValue('Buraco em frente à escola');

	await unreachable.getByRole('button', { name: 'Tentar de novo' }).click();
	await expect(page.getByTestId('opened-number')).toHaveText(lost!);
	expect(keys).toHaveLength(2);
	expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
	expect(keys[1]).toBe(keys[0]);
});
