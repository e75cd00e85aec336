import { expect, test, type APIRequestContext } from '@playwright/test';
import { lockAudioUntilGesture, recordSpeech, spoken } from './panel-audio';
import { issueTicket, openCounter } from './support';

// This file uses the unit `lagoa` only, and a service the kiosk suite does not issue.
const SERVICE = 'autorizacao-corte-arvore';

test('shows and announces a call made through the API within seconds, without reloading', async ({ page, request }) => {
	await recordSpeech(page);
	await lockAudioUntilGesture(page);
	const counter = await openCounter(request, 'lagoa', 'atendente.lagoa', [SERVICE]);
	const ticket = await issueTicket(request, 'lagoa', SERVICE);

	await page.goto('/panel/lagoa?token=demo-panel-lagoa');
	await expect(page).not.toHaveURL(/token=/);
	await expect(page.getByRole('heading', { level: 1, name: 'Pró-Cidadão Lagoa da Conceição' })).toBeVisible();
	await expect(page.getByLabel('Hora atual')).toHaveText(/\d\d:\d\d/);

	// Audio is locked until a gesture: the overlay asks for one.
	const dialog = page.getByRole('dialog', { name: 'Ativar o som do painel' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: /Ativar som/ }).click();
	await expect(dialog).toBeHidden();
	expect(await page.evaluate(() => localStorage.getItem('vez.panel.sound'))).toBe('on');

	await expect(page.locator('main.panel')).toHaveAttribute('data-connection', 'up');
	await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

	const called = await request.post(`/api/v1/counters/${counter.id}/call-next`);
	expect(called.status()).toBe(200);
	const call = (await called.json()) as { id: string; number: string; counter: { name: string } };
	expect(call.number).toBe(ticket.number);

	const current = page.getByTestId('current-call');
	await expect(current).toContainText(ticket.number, { timeout: 5_000 });
	await expect(current).toContainText(counter.name);
	await expect(current).toContainText('Autorização para corte ou poda de árvore');
	await expect(current).toHaveClass(/flash/);
	const spelled = [...ticket.number].join(' ');
	await expect.poll(() => spoken(page)).toContainEqual({ text: `Senha ${spelled}, ${counter.name}`, lang: 'pt-BR' });

	// A recall is shown and announced again.
	expect((await request.post(`/api/v1/tickets/${call.id}/recall`)).status()).toBe(200);
	await expect(current).toContainText('Rechamada');
	await expect.poll(() => spoken(page)).toContainEqual({ text: `Rechamada. Senha ${spelled}, ${counter.name}`, lang: 'pt-BR' });
	expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

	// The next call moves the previous one to the history beside it.
	await request.post(`/api/v1/tickets/${call.id}/start`);
	await request.post(`/api/v1/tickets/${call.id}/finish`, { data: { outcome: 'resolved' } });
	const second = await issueTicket(request, 'lagoa', SERVICE);
	expect((await request.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	await expect(current).toContainText(second.number);
	await expect(page.getByRole('table').getByRole('row').filter({ hasText: ticket.number })).toContainText(counter.name);

	const latest = (await (await request.get(`/api/v1/units/lagoa/calls?limit=1`)).json()) as { number: string }[];
	expect(latest[0].number).toBe(second.number);

	expect((await request.post(`/api/v1/tickets/${second.id}/no-show`)).status()).toBe(200);
	expect((await request.post(`/api/v1/counters/${counter.id}/close`)).status()).toBe(200);
});

test('shows the last calls on load, and remembers a panel muted on purpose', async ({ page, request }) => {
	const counter = await openCounter(request, 'lagoa', 'atendente.lagoa', [SERVICE]);
	const ticket = await issueTicket(request, 'lagoa', SERVICE);
	const called = await request.post(`/api/v1/counters/${counter.id}/call-next`);
	expect(called.status()).toBe(200);
	const { id } = (await called.json()) as { id: string };

	await lockAudioUntilGesture(page);
	await page.goto('/panel/lagoa');
	await expect(page.getByTestId('current-call')).toContainText(ticket.number);
	await page.getByRole('button', { name: 'Continuar sem som' }).click();
	await page.reload();
	await expect(page.getByRole('dialog')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Som desativado — ativar som' })).toBeVisible();
	for (const button of await page.getByRole('button').all()) await expect(button).toHaveAccessibleName(/\S/);

	await request.post(`/api/v1/tickets/${id}/no-show`);
	await request.post(`/api/v1/counters/${counter.id}/close`);
});

test('after a network blip the panel says it is reconnecting, then catches up with the calls it missed', async ({ page, request }) => {
	test.setTimeout(45_000);
	// Every socket goes through this route; "down" closes them and refuses new ones.
	let down = false;
	const sockets: { close(): Promise<void> }[] = [];
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (down) return void ws.close();
		ws.connectToServer();
		sockets.push(ws);
	});
	const counter = await openCounter(request, 'lagoa', 'atendente.lagoa', [SERVICE]);
	const ticket = await issueTicket(request, 'lagoa', SERVICE);

	await page.goto('/panel/lagoa');
	await expect(page.locator('main.panel')).toHaveAttribute('data-connection', 'up');

	down = true;
	await Promise.all(sockets.splice(0).map((ws) => ws.close()));
	await expect(page.getByRole('status').filter({ hasText: 'reconectando…' })).toBeVisible();

	const called = await request.post(`/api/v1/counters/${counter.id}/call-next`);
	expect(called.status()).toBe(200);
	const { id } = (await called.json()) as { id: string };
	await page.waitForTimeout(500);
	await expect(page.getByTestId('current-call')).not.toContainText(ticket.number);

	down = false;
	// The client's back-off may have grown to its 5 s ceiling (±50% jitter) while the link was
	// down, so the next attempt can be up to 7.5 s away, then the snapshot is fetched.
	await expect(page.locator('main.panel')).toHaveAttribute('data-connection', 'up', { timeout: 20_000 });
	await expect(page.getByText('reconectando…')).toHaveCount(0);
	await expect(page.getByTestId('current-call')).toContainText(ticket.number);

	await request.post(`/api/v1/tickets/${id}/no-show`);
	await request.post(`/api/v1/counters/${counter.id}/close`);
});

test('an unknown unit is a 404 page', async ({ page }) => {
	const response = await page.goto('/panel/nowhere');
	expect(response?.status()).toBe(404);
});
