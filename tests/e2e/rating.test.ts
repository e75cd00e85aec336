import { expect, test, type APIRequestContext } from '@playwright/test';
import { type CounterView, issueTicket, openCounter, openPage, signIn } from './support';

// This file uses the unit `ingleses` only, with a service no other suite issues there, and
// closes the counter it opens (the clerk `atendente.ingleses` can hold one counter at a time).
const SERVICE = 'matricula-escolar';

/** Calls this very ticket (not whatever waits first), serves it and finishes it. */
async function serveAndFinish(request: APIRequestContext, counter: CounterView, ticket: { id: string }) {
	expect((await request.post(`/api/v1/counters/${counter.id}/call`, { data: { ticket: ticket.id } })).status()).toBe(200);
	expect((await request.post(`/api/v1/tickets/${ticket.id}/start`)).status()).toBe(200);
	expect((await request.post(`/api/v1/tickets/${ticket.id}/finish`, { data: { outcome: 'resolved' } })).status()).toBe(200);
}

test('a visitor rates a finished ticket from the tracking page, once', async ({ page, request }) => {
	const ticket = await issueTicket(request, 'ingleses', SERVICE);
	const counter = await openCounter(request, 'ingleses', 'atendente.ingleses', [SERVICE]);
	try {
		// Not before the service is over.
		const early = await request.post(`/api/v1/tickets/${ticket.publicId}/rating`, { data: { score: 5 } });
		expect(early.status()).toBe(409);
		expect(((await early.json()) as { error: { code: string } }).error.code).toBe('not_finished');
		await serveAndFinish(request, counter, ticket);
	} finally {
		await request.post(`/api/v1/counters/${counter.id}/close`);
	}

	await openPage(page, `/t/${ticket.publicId}`);
	await expect(page.getByText('Atendimento concluído')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Como foi o seu atendimento?' })).toBeVisible();
	for (const name of ['1 — Muito insatisfeito', '2 — Insatisfeito', '3 — Indiferente', '4 — Satisfeito', '5 — Muito satisfeito']) {
		await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
	}
	// Keyboard: the faces are plain buttons, reached with Tab and chosen with Space.
	const four = page.getByRole('button', { name: '4 — Satisfeito', exact: true });
	await four.focus();
	await page.keyboard.press('Space');
	await expect(four).toHaveAttribute('aria-pressed', 'true');
	await page.getByLabel('Comentário (opcional)').fill('Atendimento cordial, só a fila demorou.');
	await page.getByRole('button', { name: 'Enviar avaliação' }).click();
	await expect(page.getByText('Obrigado pela avaliação')).toBeVisible();
	await expect(page.getByRole('button', { name: '4 — Satisfeito' })).toHaveCount(0);

	await page.reload();
	await expect(page.getByText('Obrigado pela avaliação')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Enviar avaliação' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /— Muito satisfeito$/ })).toHaveCount(0);

	const again = await request.post(`/api/v1/tickets/${ticket.publicId}/rating`, { data: { score: 1 } });
	expect(again.status()).toBe(409);
	expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_rated');
});

test('the desk tablet asks the citizen who just finished, then thanks and goes idle', async ({ page, request }) => {
	const ticket = await issueTicket(request, 'ingleses', SERVICE);
	const counter = await openCounter(request, 'ingleses', 'atendente.ingleses', [SERVICE]);
	try {
		await openPage(page, `/rate/${counter.id}?token=demo-panel-ingleses`);
		await expect(page.getByRole('heading', { name: 'Obrigado', exact: true })).toBeVisible();
		await expect(page).not.toHaveURL(/token=/);

		await serveAndFinish(request, counter, ticket);
		await expect(page.getByTestId('tablet-ticket')).toContainText(ticket.number);
		await page.getByRole('button', { name: '5 — Muito satisfeito', exact: true }).click();
		await page.getByRole('button', { name: 'Enviar avaliação' }).click();
		await expect(page.getByRole('heading', { name: 'Obrigado pela avaliação' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Obrigado', exact: true })).toBeVisible({ timeout: 12_000 });

		const again = await request.post(`/api/v1/tickets/${ticket.publicId}/rating`, { data: { score: 1 } });
		expect(again.status()).toBe(409);
	} finally {
		await request.post(`/api/v1/counters/${counter.id}/close`);
	}
});

test('the desk tablet refuses a device of another unit', async ({ page, request }) => {
	await signIn(request, 'atendente.ingleses');
	const counters = (await (await request.get('/api/v1/units/ingleses/counters')).json()) as CounterView[];
	await page.goto(`/rate/${counters[0].id}?token=demo-panel-centro`);
	await expect(page.getByRole('heading', { name: /Este tablet ainda não está ligado a este guichê/ })).toBeVisible();
	await expect(page.getByText(/token/i)).toHaveCount(0);
});
