/*
 * Refreshes the README's screenshots (docs/screenshots/*.png) from a run of the built app with
 * the demo city: `npm run build && npm run screenshots`. It starts `node server.js` on a fresh
 * embedded database (port SCREENSHOTS_PORT, default 4173), or uses a running demo at
 * SCREENSHOTS_URL, and drives Debian's Chromium (CHROMIUM_PATH) through the screens at the sizes
 * the README shows. The printed ticket (printed-ticket.png) comes from the stand-alone virtual
 * printer and is not redone here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';

const OUT = path.resolve('docs/screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', '--disable-quic'];

async function waitReady(base: string, server: ChildProcess | null): Promise<void> {
	for (let i = 0; i < 240; i++) {
		if (server?.exitCode != null) throw new Error(`the server exited with code ${server.exitCode}`);
		const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
		if (ok) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${base} did not become ready`);
}

async function startServer(): Promise<{ base: string; stop: () => Promise<void> }> {
	if (process.env.SCREENSHOTS_URL) {
		const base = process.env.SCREENSHOTS_URL.replace(/\/+$/, '');
		await waitReady(base, null);
		return { base, stop: async () => {} };
	}
	const port = Number(process.env.SCREENSHOTS_PORT ?? 4173);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'vez-screenshots-'));
	const server = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', VEZ_DATA_DIR: path.join(dir, 'data'), VEZ_DEMO: '1', VEZ_VIRTUAL_PRINTER: 'off', VEZ_LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const base = `http://127.0.0.1:${port}`;
	await waitReady(base, server);
	return {
		base,
		stop: async () => {
			server.kill('SIGTERM');
			await new Promise((r) => server.once('exit', r));
			await rm(dir, { recursive: true, force: true });
		}
	};
}

async function newPage(browser: Browser, base: string, viewport: { width: number; height: number }, deviceScaleFactor = 1): Promise<Page> {
	const context = await browser.newContext({ baseURL: base, viewport, deviceScaleFactor, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', reducedMotion: 'reduce' });
	return context.newPage();
}

async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

async function signIn(page: Page, username: string): Promise<void> {
	const res = await page.request.post('/api/v1/auth/login', { data: { username, password: 'vez-demo' } });
	if (!res.ok()) throw new Error(`sign-in of ${username}: ${res.status()}`);
}

async function issue(page: Page, unit: string, service: string): Promise<{ id: string; number: string }> {
	const res = await page.request.post(`/api/v1/units/${unit}/tickets`, { headers: { authorization: `Bearer demo-kiosk-${unit}` }, data: { service } });
	if (!res.ok()) throw new Error(`ticket at ${unit}: ${res.status()}`);
	return res.json();
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
	await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
	console.log(`docs/screenshots/${name}.png`);
}

const { base, stop } = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
	const home = await newPage(browser, base, { width: 1280, height: 800 });
	await open(home, '/');
	await shoot(home, 'home');

	// A few people waiting, so the kiosk, the panel and the console show a live unit.
	const staff = await newPage(browser, base, { width: 1280, height: 800 });
	for (const service of ['iptu-segunda-via', 'iptu-segunda-via', 'certidao-negativa-debitos', 'cadastro-unico']) await issue(staff, 'centro', service);

	const kiosk = await newPage(browser, base, { width: 1080, height: 900 });
	await open(kiosk, '/kiosk/centro?token=demo-kiosk-centro');
	await shoot(kiosk, 'kiosk');
	await kiosk.getByRole('button', { name: /Emissão de 2ª via do IPTU/ }).first().click();
	const normal = kiosk.getByRole('button', { name: 'Não, atendimento normal' });
	if (await normal.isVisible().catch(() => false)) await normal.click();
	await kiosk.getByTestId('ticket-number').waitFor();
	await kiosk.setViewportSize({ width: 1080, height: 760 });
	await shoot(kiosk, 'kiosk-ticket');

	// The console: a counter open, a ticket called and being served.
	await signIn(staff, 'atendente');
	await open(staff, '/counter?unit=centro');
	const open_ = staff.getByRole('button', { name: 'Abrir guichê' });
	if (await open_.isVisible().catch(() => false)) await open_.click();
	await staff.getByTestId('counter-status').waitFor();
	await staff.getByRole('button', { name: 'Chamar próxima' }).click();
	await staff.getByTestId('current-number').waitFor();
	await staff.getByRole('button', { name: 'Iniciar atendimento' }).click();
	await staff.getByTestId('message').waitFor();
	await staff.evaluate(() => window.scrollTo(0, 0));
	await shoot(staff, 'counter');

	const panel = await newPage(browser, base, { width: 1600, height: 900 });
	await open(panel, '/panel/centro?token=demo-panel-centro');
	await shoot(panel, 'panel');

	const reports = await newPage(browser, base, { width: 1280, height: 760 });
	await signIn(reports, 'gerente');
	await open(reports, '/manage/reports');
	await reports.locator('.charts').scrollIntoViewIfNeeded();
	await shoot(reports, 'reports');

	const phone = await newPage(browser, base, { width: 390, height: 844 }, 2);
	await open(phone, '/book?service=iptu-segunda-via&unit=centro');
	await shoot(phone, 'book', true);
} finally {
	await browser.close();
	await stop();
}
