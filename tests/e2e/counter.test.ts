import { expect, test, type Browser, type Page } from '@playwright/test';
import { issueTicket, resetUnit, signIn, staffApi } from './support';

// These journeys use only the units `centro` (strict priority) and `continente`; other
// test files use other units, so a clean queue here is ours to make.
const IPTU = 'iptu-segunda-via';
const CERTIDAO = 'certidao-negativa-debitos';

/** Signs the clerk in, opens a counter serving every service, and waits for the live link. */
async function clerkAtCounter(page: Page, username: string, counter: string, unit?: string) {
	await signIn(page, username);
	await page.goto(unit ? `/counter?unit=${unit}` : '/counter');
	await expect(page.getByRole('heading', { level: 1, name: 'Console do atendente' })).toBeVisible();
	await page.getByLabel('Guichê', { exact: true }).selectOption({ label: counter });
	await page.getByRole('button', { name: 'Abrir guichê' }).click();
	await expect(page.getByTestId('counter-status')).toHaveText('Aberto');
	await expect(page.getByRole('status').filter({ hasText: 'Ao vivo' })).toBeVisible();
}

async function newPage(browser: Browser) {
	const context = await browser.newContext();
	return { context, page: await context.newPage() };
}

test.beforeEach(async ({ baseURL }) => {
	await resetUnit(baseURL!, 'centro', 'gerente');
});

test('a clerk opens a counter, sees a new ticket arrive live, calls, serves and finishes it', async ({ page, request }) => {
	await clerkAtCounter(page, 'atendente', 'Guichê 1');
	await expect(page.getByText('Nenhuma senha no guichê. Chame a próxima.')).toBeVisible();

	const ticket = await issueTicket(request, 'centro', IPTU);
	// No reload: the queue event brings it.
	const row = page.getByTestId('queue-ticket').filter({ hasText: ticket.number });
	await expect(row).toBeVisible();
	await expect(row).toContainText('Ordem de chegada');

	await page.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(page.getByTestId('current-number')).toHaveText(ticket.number);
	await expect(page.getByTestId('current-status')).toHaveText('Chamada');
	await expect(page.getByTestId('message')).toHaveText(`Senha ${ticket.number} chamada.`);
	await expect(page.getByRole('button', { name: 'Iniciar atendimento' })).toBeEnabled();
	await expect(page.getByRole('button', { name: 'Chamar próxima' })).toBeDisabled();
	await expect(page.getByRole('button', { name: 'Fechar guichê' })).toBeDisabled();

	await page.getByRole('button', { name: 'Rechamar' }).click();
	await expect(page.getByRole('button', { name: 'Rechamar (1)' })).toBeVisible();

	await page.getByRole('button', { name: 'Iniciar atendimento' }).click();
	await expect(page.getByTestId('current-status')).toHaveText('Em atendimento');
	await expect(page.getByRole('button', { name: 'Não compareceu' })).toBeDisabled();

	await page.getByLabel('Encaminhado').check();
	await page.getByLabel('Observação (opcional)').fill('Orientado a procurar a Fazenda.');
	await page.getByRole('button', { name: 'Finalizar', exact: true }).click();
	await expect(page.getByTestId('message')).toHaveText(`Senha ${ticket.number} finalizada.`);
	await expect(page.getByTestId('current-number')).toHaveCount(0);

	// Nobody left: a 204 becomes words.
	await page.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(page.getByTestId('message')).toHaveText('Ninguém aguardando.');

	await page.getByRole('button', { name: 'Fechar guichê' }).click();
	await expect(page.getByRole('button', { name: 'Abrir guichê' })).toBeVisible();
});

test('a priority ticket is called before an earlier normal one, and the keyboard calls the next', async ({ page, request }) => {
	await clerkAtCounter(page, 'atendente', 'Guichê 1');
	const normal = await issueTicket(request, 'centro', IPTU);
	const elderly = await issueTicket(request, 'centro', IPTU, 'idoso');

	const rows = page.locator(`[data-service="${IPTU}"]`).getByTestId('queue-ticket');
	await expect(rows).toHaveCount(2);
	await expect(rows.first()).toContainText(elderly.number);
	await expect(rows.first()).toContainText('Prioridade legal');
	await expect(rows.nth(1)).toContainText(normal.number);

	await page.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(page.getByTestId('current-number')).toHaveText(elderly.number);
	await expect(page.getByTestId('current-priority')).toHaveText('Pessoa idosa (60 anos ou mais)');
	await expect(page.getByText('conferir documento')).toBeVisible();

	await page.getByRole('button', { name: 'Finalizar', exact: true }).click();
	await expect(page.getByTestId('message')).toHaveText(`Senha ${elderly.number} finalizada.`);
	await expect(page.getByTestId('current-number')).toHaveCount(0);

	// F2 is "call next"; Alt+A marks the no-show.
	await page.keyboard.press('F2');
	await expect(page.getByTestId('current-number')).toHaveText(normal.number);
	await page.keyboard.press('Alt+KeyA');
	await expect(page.getByTestId('message')).toHaveText(`Senha ${normal.number} registrada como não compareceu.`);
	await expect(page.getByText('Atalhos de teclado')).toBeVisible();
});

test('two clerks calling next at the same moment get different tickets', async ({ browser, request }) => {
	const one = await newPage(browser);
	const two = await newPage(browser);
	await clerkAtCounter(one.page, 'atendente', 'Guichê 1');
	await clerkAtCounter(two.page, 'atendente2', 'Guichê 2');
	const first = await issueTicket(request, 'centro', IPTU);
	const second = await issueTicket(request, 'centro', IPTU);
	for (const p of [one.page, two.page]) await expect(p.getByTestId('queue-ticket').filter({ hasText: second.number })).toBeVisible();

	await Promise.all([one.page.getByRole('button', { name: 'Chamar próxima' }).click(), two.page.getByRole('button', { name: 'Chamar próxima' }).click()]);
	await expect(one.page.getByTestId('current-number')).toBeVisible();
	await expect(two.page.getByTestId('current-number')).toBeVisible();
	const got = [await one.page.getByTestId('current-number').textContent(), await two.page.getByTestId('current-number').textContent()];
	expect(got.sort()).toEqual([first.number, second.number].sort());

	// Each sees the other's counter busy in the side panel.
	await expect(one.page.locator('[data-testid="counter-row"][data-counter="2"]')).toContainText('Bruno Pereira');
	await one.context.close();
	await two.context.close();
});

test('a ticket another counter already took answers in words, not with a raw error', async ({ page, request, baseURL }) => {
	// Without the live link the screen cannot know the ticket was taken meanwhile.
	await page.routeWebSocket(/\/socket\.io\//, () => {});
	await signIn(page, 'atendente');
	await page.goto('/counter');
	await page.getByLabel('Guichê', { exact: true }).selectOption({ label: 'Guichê 1' });
	await page.getByRole('button', { name: 'Abrir guichê' }).click();
	await expect(page.getByTestId('counter-status')).toHaveText('Aberto');
	const ticket = await issueTicket(request, 'centro', IPTU);
	await page.reload();
	await expect(page.getByTestId('queue-ticket').filter({ hasText: ticket.number })).toBeVisible();

	const other = await staffApi(baseURL!, 'atendente2');
	const counters = (await (await other.get('/api/v1/units/centro/counters')).json()) as { id: string; number: number }[];
	const counter2 = counters.find((c) => c.number === 2)!;
	expect((await other.post(`/api/v1/counters/${counter2.id}/open`, { data: { services: [IPTU] } })).status()).toBe(200);
	expect((await other.post(`/api/v1/counters/${counter2.id}/call`, { data: { ticket: ticket.id } })).status()).toBe(200);
	await other.dispose();

	await page.getByRole('button', { name: `Chamar a senha ${ticket.number}` }).click();
	await expect(page.getByRole('alert')).toHaveText('Esta senha já mudou de situação (outro guichê pode tê-la chamado). A tela foi atualizada.');
	await expect(page.getByTestId('queue-ticket').filter({ hasText: ticket.number })).toHaveCount(0);
	await expect(page.locator('[data-testid="counter-row"][data-counter="2"]')).toContainText(ticket.number);
});

test('a transfer puts the same number in another service’s queue', async ({ page, request }) => {
	await clerkAtCounter(page, 'atendente', 'Guichê 1');
	const ticket = await issueTicket(request, 'centro', IPTU);
	await page.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(page.getByTestId('current-number')).toHaveText(ticket.number);

	await page.getByLabel('Serviço de destino').selectOption(CERTIDAO);
	await page.getByLabel('Enviar para o fim da fila').check();
	await page.getByRole('button', { name: 'Transferir' }).click();
	await expect(page.getByTestId('message')).toContainText(`Senha ${ticket.number} transferida para`);
	await expect(page.getByTestId('current-number')).toHaveCount(0);
	const moved = page.locator(`[data-service="${CERTIDAO}"]`).getByTestId('queue-ticket').filter({ hasText: ticket.number });
	await expect(moved).toBeVisible();
	await expect(moved).toContainText('transferida');

	// The same number is called again from its new queue.
	await page.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(page.getByTestId('current-number')).toHaveText(ticket.number);
	await expect(page.getByTestId('current-service')).toHaveText(/Certidão/);
});

test('a visitor who missed the call is reactivated and goes back to the end of the queue', async ({ page, request }) => {
	await clerkAtCounter(page, 'atendente', 'Guichê 1');
	const missed = await issueTicket(request, 'centro', IPTU);
	const next = await issueTicket(request, 'centro', IPTU);
	await page.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(page.getByTestId('current-number')).toHaveText(missed.number);
	await page.getByRole('button', { name: 'Não compareceu' }).click();
	await expect(page.getByTestId('missed-ticket').filter({ hasText: missed.number })).toContainText('ausente');

	await page.getByRole('button', { name: `Reativar a senha ${missed.number}` }).click();
	await expect(page.getByTestId('message')).toHaveText(`Senha ${missed.number} de volta à fila.`);
	await expect(page.getByTestId('missed-ticket').filter({ hasText: missed.number })).toHaveCount(0);
	const queued = page.locator(`[data-service="${IPTU}"]`).getByTestId('queue-ticket');
	await expect(queued).toHaveCount(2);
	await expect(queued.nth(0)).toContainText(next.number);
	await expect(queued.nth(1)).toContainText(missed.number);
});

test('a clerk pauses with a reason and resumes', async ({ page }) => {
	await clerkAtCounter(page, 'atendente', 'Guichê 3');
	await page.getByLabel('Motivo da pausa').fill('Almoço');
	await page.getByRole('button', { name: 'Pausar' }).click();
	await expect(page.getByTestId('counter-status')).toHaveText('Pausado');
	await expect(page.getByText('Guichê pausado: Almoço')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Chamar próxima' })).toBeDisabled();
	await page.getByRole('button', { name: 'Retomar' }).click();
	await expect(page.getByTestId('counter-status')).toHaveText('Aberto');
});

test('a clerk of the Continente unit works only there', async ({ page, request, baseURL }) => {
	await resetUnit(baseURL!, 'continente', 'atendente.continente');
	await clerkAtCounter(page, 'atendente.continente', 'Guichê 1');
	await expect(page.getByText('Pró-Cidadão Continente')).toBeVisible();
	const ticket = await issueTicket(request, 'continente', CERTIDAO);
	await expect(page.getByTestId('queue-ticket').filter({ hasText: ticket.number })).toBeVisible();
	const refused = await page.goto('/counter?unit=centro');
	expect(refused?.status()).toBe(403);
	await page.goto('/counter');
	// Shortcuts work once the page is live (hydrated and subscribed).
	await expect(page.getByRole('status').filter({ hasText: 'Ao vivo' })).toBeVisible();
	await page.keyboard.press('Alt+KeyN');
	await expect(page.getByTestId('current-number')).toHaveText(ticket.number);
	await page.getByRole('button', { name: 'Cancelar' }).click();
	await expect(page.getByTestId('message')).toHaveText(`Senha ${ticket.number} cancelada.`);
	await resetUnit(baseURL!, 'continente', 'atendente.continente');
});

test('a phone agent with no unit gets a clear notice instead of an error', async ({ page }) => {
	await signIn(page, 'agente156');
	const res = await page.goto('/counter');
	expect(res?.status()).toBe(200);
	await expect(page.getByRole('heading', { level: 1, name: 'Console do atendente' })).toBeVisible();
	await expect(page.getByTestId('no-unit')).toContainText('Você não atende em guichê.');
});

test('the console speaks English and Spanish too', async ({ page }) => {
	await signIn(page, 'atendente');
	await page.goto('/counter?lang=en');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('button', { name: 'Open counter' })).toBeVisible();
	await page.goto('/counter?lang=es');
	await expect(page.getByRole('button', { name: 'Abrir ventanilla' })).toBeVisible();
	await page.goto('/counter?lang=pt-BR');
	await expect(page.getByRole('button', { name: 'Abrir guichê' })).toBeVisible();
});
