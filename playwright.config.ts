import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The demo's virtual phone for the journeys that watch messages arrive; beside the app's port so parallel runs differ. */
export const E2E_PHONE_PORT = PORT + 100;
// Each run starts the built app on a fresh embedded database with the demo city.
const dataDir = path.join(os.tmpdir(), `vez-e2e-${process.pid}`, 'data');

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 30_000,
	expect: { timeout: 7_000 },
	fullyParallel: false,
	workers: 1,
	// One retry in CI only: a journey that passes on its second try is reported as flaky, not hidden.
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'pt-BR',
		timezoneId: 'America/Sao_Paulo',
		trace: 'retain-on-failure',
		launchOptions: {
			// Debian's chromium, never a downloaded one (STACK.md).
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	webServer: {
		command: `rm -rf ${path.dirname(dataDir)} && node server.js`,
		url: `http://127.0.0.1:${PORT}/readyz`,
		// Seeding the demo city on the embedded database took over two minutes on a loaded 2-core machine.
		timeout: 240_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			VEZ_DATA_DIR: dataDir,
			VEZ_DEMO: '1',
			VEZ_ADMIN_PASSWORD: 'e2e-admin-password',
			VEZ_VIRTUAL_PRINTER: 'off',
			// The journeys' printers are TCP servers of the test itself, on loopback.
			VEZ_PRINTER_NETWORKS: '127.0.0.0/8',
			VEZ_DEMO_WEBHOOK_PORT: 'off',
			VEZ_VIRTUAL_PHONE: String(E2E_PHONE_PORT),
			VEZ_LOG_LEVEL: 'warn'
		}
	}
});
