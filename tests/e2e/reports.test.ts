// Reports read the demo city's generated history only (days before today): nothing here issues
// or calls a ticket, so the other journeys' units are never disturbed.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { openPage, signIn } from './support';

/** A local date in São Paulo, `days` from today. */
function day(days: number): string {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
	return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** CSV cells as the export writes them (quoted fields may hold commas). */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
			else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') row.push(cell), (cell = '');
		else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
		else if (ch !== '\r') cell += ch;
	}
	if (cell || row.length) row.push(cell), rows.push(row);
	return rows;
}

test('the manager filters the history and exports a CSV whose rows match the table on screen', async ({ page }) => {
	await signIn(page, 'gerente');
	await openPage(page, '/manage');
	await page.getByTestId('reports-link').click();
	await expect(page.getByRole('heading', { level: 1, name: 'Relatórios' })).toBeVisible();

	// The filter is a GET form: the report it gives is a link.
	await page.getByLabel('De', { exact: true }).fill(day(-14));
	await page.getByLabel('Até', { exact: true }).fill(day(-1));
	await page.getByRole('checkbox', { name: 'Pró-Cidadão Lagoa da Conceição' }).check();
	await page.getByRole('button', { name: 'Aplicar filtros' }).click();
	await expect(page).toHaveURL(/units=lagoa/);
	await expect(page).toHaveURL(new RegExp(`from=${day(-14)}`));

	const table = page.getByTestId('table-service');
	const screenRows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
	expect(screenRows.length).toBeGreaterThan(1);
	// Only Lagoa: one line in the per-unit table.
	await expect(page.getByTestId('table-unit').locator('tbody tr')).toHaveCount(1);
	// Every chart has its data as a table too.
	await expect(page.getByRole('img', { name: 'Espera média por hora do dia (min)' })).toBeVisible();
	await expect(page.locator('#wait-by-hour-table tbody tr').first()).toBeAttached();

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-service').click()]);
	expect(download.suggestedFilename()).toMatch(/^relatorio_service_.*\.csv$/);
	const csv = parseCsv(fs.readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, ''));
	const headers = await table.locator('thead th').allTextContents();
	expect(csv[0]).toEqual(headers.map((h) => h.trim()));
	// The screen writes numbers the pt-BR way (1,5) and nothing as "—"; the CSV as 1.5 and "".
	const asCsv = (cells: string[]) => cells.map((c, i) => (i === 0 ? c : c === '—' ? '' : c.replace(',', '.')));
	expect(csv.slice(1)).toEqual(screenRows.map(asCsv));

	// The unit summary of the API answers the same numbers as the screen's summary for the range.
	const summary = await page.getByTestId('table-summary').locator('tbody tr').first().locator('td').allTextContents();
	const api = await page.request.get(`/api/v1/units/lagoa/stats?from=${day(-14)}&to=${day(-1)}`);
	expect(api.status()).toBe(200);
	const stats = await api.json();
	expect([stats.issued, stats.served, stats.noShow, stats.cancelled].map(String)).toEqual(summary.slice(0, 4));
	expect((await page.request.get(`/api/v1/units/ingleses/stats?from=${day(-14)}`)).status()).toBe(403);

	// Appointments: booked / attended / no-show per service, the total line as the API counts them, and its CSV as on screen.
	const appointments = page.getByTestId('table-appointmentsByService');
	await expect(page.getByRole('heading', { level: 2, name: 'Agendamentos' })).toBeVisible();
	const appointmentRows = await appointments.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
	expect(appointmentRows.length).toBeGreaterThan(1);
	const total = appointmentRows.at(-1)!;
	expect(total.slice(0, 5)).toEqual(['Total', ...[stats.appointments.booked, stats.appointments.attended, stats.appointments.noShow, stats.appointments.cancelled].map(String)]);
	expect(stats.appointments.attended).toBeGreaterThan(0);
	const [appointmentCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-appointmentsByService').click()]);
	const appointmentLines = parseCsv(fs.readFileSync((await appointmentCsv.path())!, 'utf8').replace(/^\ufeff/, ''));
	expect(appointmentLines[0]).toEqual((await appointments.locator('thead th').allTextContents()).map((h) => h.trim()));
	expect(appointmentLines.slice(1)).toEqual(appointmentRows.map(asCsv));

	const tickets = await page.request.get(`/manage/reports/export?table=tickets&from=${day(-2)}&to=${day(-1)}&units=lagoa`);
	expect(tickets.status()).toBe(200);
	const lines = parseCsv((await tickets.text()).replace(/^\ufeff/, ''));
	expect(lines[0]).toContain('Senha');
	expect(lines.slice(1).every((l) => l[0] === 'lagoa')).toBe(true);
});

test('the manager reads remote and notified tickets and the visitor messages that failed, with where to send them again', async ({ page }) => {
	await signIn(page, 'gerente');
	await openPage(page, `/manage/reports?from=${day(-14)}&to=${day(-1)}`);
	const reach = page.getByRole('region', { name: 'Senhas remotas e avisos' });
	await expect(reach).toBeVisible();
	// Counts only: each table is named by its heading, with one line per group.
	await expect(page.getByTestId('table-reach-remote').locator('thead th')).toHaveText(['Senhas remotas', 'Chegaram', 'Expiraram sem chegar']);
	const groups = page.getByTestId('table-reach-notified').locator('tbody tr');
	await expect(groups).toHaveCount(2);
	await expect(groups.first().locator('td').first()).toHaveText('Com aviso');
	await expect(groups.last().locator('td').first()).toHaveText('Sem aviso');
	await expect(page.getByTestId('failed-messages-count')).toContainText(/mensage(m|ns) a visitantes? falh/);

	await openPage(page, '/manage/messages');
	await expect(page.getByRole('heading', { level: 1, name: 'Mensagens a visitantes que falharam' })).toBeVisible();
	await expect(page.getByTestId('failed-messages').or(page.getByTestId('failed-messages-none'))).toBeVisible();
	await page.getByRole('link', { name: '← Relatórios' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Relatórios' })).toBeVisible();
});

test('a clerk is refused the reports with the 403 page', async ({ page }) => {
	await signIn(page, 'atendente');
	const res = await page.goto('/manage/reports');
	expect(res?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
	const csv = await page.request.get('/manage/reports/export?table=day');
	expect(csv.status()).toBe(403);
	expect((await page.request.get('/manage/messages')).status()).toBe(403);
});
