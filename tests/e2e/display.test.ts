import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, request as newRequest, test } from '@playwright/test';
import { issueTicket, resetUnit, seriousViolations, staffApi, type CounterView } from './support';

// The small screen above a counter, in the unit `continente` (whose other journeys, in
// counter.test.ts, reset it first), on its last counter.
const UNIT = 'continente';
const SERVICE = 'certidao-negativa-debitos';

test.afterEach(async ({ baseURL }) => {
	await resetUnit(baseURL!, UNIT, `atendente.${UNIT}`);
});

test('a counter display shows its state and calls live, and catches up after losing its connection', async ({ page, baseURL }) => {
	await resetUnit(baseURL!, UNIT, `atendente.${UNIT}`);
	const clerk = await staffApi(baseURL!, `atendente.${UNIT}`);
	const counter = ((await (await clerk.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[]).at(-1)!;

	// The small 800×480 screen of a TV stick.
	await page.setViewportSize({ width: 800, height: 480 });
	await page.goto(`/display/${counter.id}?token=demo-panel-${UNIT}`);
	const screen = page.locator('main.display');
	await expect(page.getByRole('heading', { level: 1, name: counter.name })).toBeVisible();
	await expect(page.getByTestId('display-label')).toHaveText('Guichê fechado');
	await expect(screen).toHaveAttribute('data-connection', 'up');
	// The token stays on the device, not in the address bar.
	await expect(page).toHaveURL(new RegExp(`/display/${counter.id}$`));

	expect((await clerk.post(`/api/v1/counters/${counter.id}/open`, { data: { services: [SERVICE] } })).status()).toBe(200);
	await expect(page.getByTestId('display-label')).toHaveText('Livre');

	const first = await issueTicket(clerk, UNIT, SERVICE);
	expect((await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	await expect(page.getByTestId('display-number')).toHaveText(first.number);
	await expect(page.getByTestId('display-label')).toHaveText('Chamando');
	await expect(screen).toHaveAttribute('data-screen', 'calling');
	expect(await seriousViolations(page)).toEqual([]);

	await clerk.post(`/api/v1/tickets/${first.id}/start`);
	await expect(page.getByTestId('display-label')).toHaveText('Em atendimento');

	// Everything fits the small screen: no scrolling either way.
	const size = await page.evaluate(() => ({ w: document.scrollingElement!.scrollWidth, h: document.scrollingElement!.scrollHeight }));
	expect(size.w).toBeLessThanOrEqual(800);
	expect(size.h).toBeLessThanOrEqual(480);

	// The network drops; meanwhile the clerk finishes and calls the next one.
	await page.context().setOffline(true);
	await expect(page.getByRole('status').filter({ hasText: 'reconectando…' })).toBeVisible();
	await clerk.post(`/api/v1/tickets/${first.id}/finish`, { data: { outcome: 'resolved' } });
	const second = await issueTicket(clerk, UNIT, SERVICE);
	expect((await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
	await expect(page.getByTestId('display-number')).toHaveText(first.number);

	// Back online: the display reconnects by itself and shows what it missed.
	await page.context().setOffline(false);
	await expect(page.getByTestId('display-number')).toHaveText(second.number, { timeout: 15_000 });
	await expect(page.getByTestId('display-label')).toHaveText('Chamando');
	await expect(page.getByRole('status').filter({ hasText: 'reconectando…' })).toHaveCount(0);

	// And it keeps following live after the reconnection.
	await clerk.post(`/api/v1/tickets/${second.id}/no-show`);
	await expect(page.getByTestId('display-label')).toHaveText('Livre');
	await clerk.dispose();
});

test('a display without a token, or with another unit’s, says in plain words how to link it', async ({ page, baseURL }) => {
	const clerk = await staffApi(baseURL!, `atendente.${UNIT}`);
	const counter = ((await (await clerk.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[]).at(-1)!;
	await clerk.dispose();

	await page.goto(`/display/${counter.id}?token=demo-panel-centro`);
	await expect(page.getByRole('alert')).toContainText('Esta tela ainda não foi ligada a um guichê');
	await expect(page.getByText(/token/i)).toHaveCount(0);

	await page.goto('/display/00000000-0000-4000-8000-000000000000');
	await expect(page.getByRole('alert')).toContainText('Guichê não encontrado');
});

test('the admin links a screen to a counter with an address and a QR code that open its display', async ({ page, baseURL }) => {
	const admin = await staffApi(baseURL!, 'admin.demo');
	const counter = ((await (await admin.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[]).at(-1)!;
	await admin.dispose();
	await page.request.post('/api/v1/auth/login', { data: { username: 'admin.demo', password: 'vez-demo' } });
	await page.goto(`/admin/units/${UNIT}`);
	await expect(page.getByRole('link', { name: `/display/${counter.id}` })).toBeVisible();
	await page.getByRole('button', { name: `Ligar uma tela — ${counter.name}` }).click();
	const pairing = page.getByTestId('display-pairing');
	await expect(pairing.getByRole('img', { name: `Código QR do endereço da tela de ${counter.name}` }).locator('svg')).toBeVisible();
	const url = (await pairing.locator('code.url').textContent())!;
	expect(url).toMatch(new RegExp(`/display/${counter.id}\\?token=.+`));

	// The address works on a fresh device with nobody signed in.
	const device = await page.context().browser()!.newContext();
	const screen = await device.newPage();
	await screen.goto(url);
	await expect(screen.getByTestId('display-label')).toHaveText('Guichê fechado');
	await device.close();
});

/** A second app of our own (the suite's server must stay up for the other files), on the next port. */
function startApp(port: number, dataDir: string): ChildProcess {
	return spawn(process.execPath, ['server.js'], {
		env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', VEZ_DATA_DIR: dataDir, VEZ_DEMO: '1', VEZ_VIRTUAL_PRINTER: 'off', VEZ_LOG_LEVEL: 'warn' },
		stdio: 'ignore'
	});
}

async function ready(base: string) {
	await expect.poll(async () => (await fetch(`${base}/readyz`).catch(() => null))?.status ?? 0, { timeout: 120_000, intervals: [500] }).toBe(200);
}

test('a counter display survives a restart of the server and follows calls made after it', async ({ page }) => {
	test.setTimeout(300_000);
	const port = Number(process.env.E2E_PORT ?? 4173) + 50;
	const base = `http://127.0.0.1:${port}`;
	const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vez-e2e-restart-')), 'data');
	let app = startApp(port, dataDir);
	try {
		await ready(base);
		const clerk = await newRequest.newContext({ baseURL: base });
		expect((await clerk.post('/api/v1/auth/login', { data: { username: `atendente.${UNIT}`, password: 'vez-demo' } })).status()).toBe(200);
		const counter = ((await (await clerk.get(`/api/v1/units/${UNIT}/counters`)).json()) as CounterView[])[0];
		expect((await clerk.post(`/api/v1/counters/${counter.id}/open`, { data: { services: [SERVICE] } })).status()).toBe(200);

		await page.goto(`${base}/display/${counter.id}?token=demo-panel-${UNIT}`);
		await expect(page.getByTestId('display-label')).toHaveText('Livre');
		await expect(page.locator('main.display')).toHaveAttribute('data-connection', 'up');

		const stopped = new Promise((resolve) => app.once('exit', resolve));
		app.kill('SIGTERM');
		await stopped;
		await expect(page.getByRole('status').filter({ hasText: 'reconectando…' })).toBeVisible();

		app = startApp(port, dataDir);
		await ready(base);
		await expect(page.locator('main.display')).toHaveAttribute('data-connection', 'up', { timeout: 30_000 });
		// Sessions live in the database: the clerk carries on after the restart.
		const ticket = await issueTicket(clerk, UNIT, SERVICE);
		expect((await clerk.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
		await expect(page.getByTestId('display-number')).toHaveText(ticket.number);
		await expect(page.getByTestId('display-label')).toHaveText('Chamando');
		await clerk.dispose();
	} finally {
		if (app.exitCode === null && app.signalCode === null) {
			const exited = new Promise((resolve) => app.once('exit', resolve));
			app.kill('SIGTERM');
			await exited;
		}
		fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
	}
});
