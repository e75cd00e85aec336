import { expect, request as newRequest, test, type Page } from '@playwright/test';
import { openPage, signIn, staffApi } from './support';

// This file uses the unit `rio-tavares` only. The e2e server runs without the demo's virtual
// printer, so the unit starts with no printer at all; a test below gives it one that is off.
const UNIT = 'rio-tavares';
const TOKEN = `demo-kiosk-${UNIT}`;
const IPTU = /Emissão de 2ª via do IPTU/;
const UNAVAILABLE = 'Impressora indisponível — fotografe o código ou anote sua senha';

test.describe.configure({ mode: 'serial' });

interface IssuedTicket {
	id: string;
	publicId: string;
	number: string;
	trackUrl: string;
	print: { status: 'queued' | 'no_printer'; printerName: string | null; printerOnline: boolean | null } | null;
}

/** Takes a normal IPTU ticket on the kiosk screen and returns what the server answered. */
async function takeTicket(page: Page): Promise<IssuedTicket> {
	// Hydrated first: a tap on the server-rendered buttons before that is lost on a loaded machine.
	await openPage(page, `/kiosk/${UNIT}?token=${TOKEN}`);
	await expect(page.getByRole('heading', { level: 1, name: 'Retire sua senha' })).toBeVisible();
	await page.getByRole('button', { name: IPTU }).click();
	const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${UNIT}/tickets`) && r.request().method() === 'POST');
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
	const res = await answer;
	expect(res.status()).toBe(201);
	const ticket = (await res.json()) as IssuedTicket;
	await expect(page.getByTestId('ticket-number')).toHaveText(ticket.number);
	// The QR is on screen whatever the printer does.
	await expect(page.getByRole('img', { name: `Código QR para acompanhar a senha ${ticket.number} pelo celular` })).toBeVisible();
	await expect(page.locator('figure.qr svg')).toBeVisible();
	return ticket;
}

let printerId: string;

test('with no printer in the unit, the kiosk shows the ticket and its QR and says to photograph it', async ({ page }) => {
	const ticket = await takeTicket(page);
	expect(ticket.print).toEqual({ status: 'no_printer', printerName: null, printerOnline: null });

	const paper = page.getByRole('status').filter({ hasText: UNAVAILABLE });
	await expect(paper).toBeVisible();
	await expect(page.getByText('Imprimindo sua senha…')).toHaveCount(0);
	// Nothing could print it again either.
	await expect(page.getByRole('button', { name: 'Imprimir de novo' })).toHaveCount(0);
});

test('a printer that is switched off never stops a ticket, and once it is known to be off the kiosk says so', async ({ page, baseURL }) => {
	const admin = await staffApi(baseURL!, 'admin.demo');
	// 127.0.0.1:1: nothing listens there, every connection is refused.
	const created = await admin.post(`/api/v1/units/${UNIT}/printers`, { data: { name: 'Totem Rio Tavares', host: '127.0.0.1', port: 1 } });
	expect(created.status()).toBe(201);
	const printer = await created.json();
	printerId = printer.id;
	expect(printer).toMatchObject({ unit: UNIT, port: 1, width: 80, codepage: 'cp860', status: { health: 'unknown', online: null } });

	// Issued at once: the print job is only queued, the printer is tried afterwards.
	const first = await takeTicket(page);
	expect(first.print).toMatchObject({ status: 'queued', printerName: 'Totem Rio Tavares' });

	// The runner's first attempt is refused and recorded.
	await expect
		.poll(
			async () => {
				const list = (await (await admin.get(`/api/v1/units/${UNIT}/printers`)).json()) as { id: string; status: { health: string; online: boolean | null } }[];
				return list.find((p) => p.id === printerId)?.status;
			},
			{ timeout: 15_000 }
		)
		.toMatchObject({ health: 'unreachable', online: false });

	const second = await takeTicket(page);
	expect(second.print).toEqual({ status: 'queued', printerName: 'Totem Rio Tavares', printerOnline: false });
	await expect(page.getByRole('status').filter({ hasText: UNAVAILABLE })).toBeVisible();

	// A test page answers 503 with the reason, and the printer stays off.
	const test = await admin.post(`/api/v1/printers/${printerId}/test`);
	expect(test.status()).toBe(503);
	expect((await test.json()).error.code).toBe('unavailable');
	await admin.dispose();
});

test('an administrator finds the failed test page on the printers screen and sends it again', async ({ page }) => {
	await signIn(page, 'admin.demo');
	await openPage(page, '/admin/printers');
	const failed = page.getByTestId('failed-print-job').filter({ hasText: 'Totem Rio Tavares' }).filter({ hasText: 'Página de teste' });
	await expect(failed).toHaveCount(1);
	await expect(failed).toContainText('refused');
	await failed.getByRole('button', { name: 'Imprimir de novo' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Impressão de volta na fila.' })).toBeVisible();
	// Back in the queue, it is no longer in the dead letter (the printer is still off: it will come back here later).
	await expect(failed).toHaveCount(0);
});

test('the kiosk prints its last ticket again on request, and says when the limit is reached', async ({ page, request }) => {
	const ticket = await takeTicket(page);
	await expect(page.getByRole('status').filter({ hasText: UNAVAILABLE })).toBeVisible();

	const again = page.getByRole('button', { name: 'Imprimir de novo' });
	await again.click();
	await expect(page.getByTestId('reprint-result')).toHaveText('Pedido enviado: sua senha vai sair de novo na impressora.');
	// The printer is still off, so the screen keeps telling the visitor to photograph the code.
	await expect(page.getByRole('status').filter({ hasText: UNAVAILABLE })).toBeVisible();

	// The last copy allowed goes out by another tap (the same kiosk, behind the screen's back)…
	const other = await request.post(`/api/v1/tickets/${ticket.id}/reprint`, { headers: { authorization: `Bearer ${TOKEN}` } });
	expect(other.status()).toBe(202);
	expect(await other.json()).toMatchObject({ status: 'queued', reprintsLeft: 0 });

	// …so the screen's next tap meets the 409 and puts it in words.
	await again.click();
	await expect(page.getByTestId('reprint-result')).toHaveText('Limite de reimpressões atingido — fotografe o código ou anote sua senha');
	await expect(again).toBeDisabled();

	// Another device cannot reprint someone's ticket.
	const stranger = await request.post(`/api/v1/tickets/${ticket.id}/reprint`, { headers: { authorization: 'Bearer demo-kiosk-centro' } });
	expect(stranger.status()).toBe(403);
});

test("the browser-printable ticket shows the number and an SVG QR code", async ({ page }) => {
	const ticket = await takeTicket(page);
	await page.goto(`/t/${ticket.publicId}/print`);
	await expect(page.getByTestId('ticket-number')).toHaveText(ticket.number);
	const qr = page.getByRole('img', { name: `Código QR para acompanhar a senha ${ticket.number} pelo celular` });
	await expect(qr.locator('svg')).toBeVisible();
	await expect(page.getByText('Emissão de 2ª via do IPTU')).toBeVisible();
});

test('a clerk reprints the ticket at the desk and is told the printer does not answer', async ({ page, baseURL }) => {
	const kiosk = await newRequest.newContext({ baseURL });
	const issued = await kiosk.post(`/api/v1/units/${UNIT}/tickets`, { headers: { authorization: `Bearer ${TOKEN}` }, data: { service: 'iptu-segunda-via' } });
	expect(issued.status()).toBe(201);
	const ticket = (await issued.json()) as IssuedTicket;
	await kiosk.dispose();

	await signIn(page, 'atendente.rio-tavares');
	await page.goto(`/counter?unit=${UNIT}`);
	await page.getByLabel('Guichê', { exact: true }).selectOption({ label: 'Guichê 1' });
	await page.getByRole('button', { name: 'Abrir guichê' }).click();
	await expect(page.getByTestId('counter-status')).toHaveText('Aberto');
	await page.getByRole('button', { name: `Chamar a senha ${ticket.number}` }).click();
	await expect(page.getByTestId('current-number')).toHaveText(ticket.number);

	await page.getByRole('button', { name: 'Reimprimir senha' }).click();
	await expect(page.getByTestId('message')).toHaveText(
		`Senha ${ticket.number} na fila da impressora Totem Rio Tavares, que não responde agora: ela sai quando a impressora voltar.`
	);

	await page.getByRole('button', { name: 'Reimprimir senha' }).click();
	await expect(page.getByTestId('message')).toHaveText(new RegExp(`^Senha ${ticket.number} na fila`));
	await page.getByRole('button', { name: 'Reimprimir senha' }).click();
	await expect(page.getByTestId('message')).toHaveText('Esta senha já foi reimpressa o máximo de vezes.');

	await page.getByRole('button', { name: 'Não compareceu' }).click();
	await expect(page.getByTestId('current-number')).toHaveCount(0);
	await page.getByRole('button', { name: 'Fechar guichê' }).click();
	await expect(page.getByRole('button', { name: 'Abrir guichê' })).toBeVisible();
});
