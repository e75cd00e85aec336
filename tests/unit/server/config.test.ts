import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/lib/server/config';

describe('configuration from the environment', () => {
	it('defaults to the embedded database with the demo and a virtual printer', () => {
		const c = readConfig({});
		expect(c.databaseUrl).toBeNull();
		expect(c.dataDir).toBe(path.resolve('./data'));
		expect(c.demo).toBe(true);
		expect(c.virtualPrinterPort).toBe(9100);
		expect(c.adminPassword).toBeNull();
		expect(c.sessionHours).toBe(12);
	});

	it("takes the city's time zone from VEZ_CITY_TIMEZONE and refuses to start with an unknown one", () => {
		expect(readConfig({}).cityZone).toBe('America/Sao_Paulo');
		expect(readConfig({ VEZ_CITY_TIMEZONE: ' America/Manaus ' }).cityZone).toBe('America/Manaus');
		expect(() => readConfig({ VEZ_CITY_TIMEZONE: 'America/Atlantis' })).toThrow(/VEZ_CITY_TIMEZONE/);
	});

	it('never creates demo data on PostgreSQL unless asked', () => {
		expect(readConfig({ DATABASE_URL: 'postgres://x/y' }).demo).toBe(false);
		expect(readConfig({ DATABASE_URL: 'postgres://x/y', VEZ_DEMO: '1' }).demo).toBe(true);
		expect(readConfig({ DATABASE_URL: 'postgres://x/y' }).virtualPrinterPort).toBeNull();
	});

	it('seals webhook secrets with VEZ_SECRET_KEY, a dev key only for the embedded database, and allows private webhook addresses only in the demo', () => {
		expect(readConfig({ VEZ_SECRET_KEY: ' k1 ' }).secretKey).toBe('k1');
		expect(readConfig({}).secretKey).toBe(`dev-only:${path.resolve('./data')}`);
		expect(readConfig({ DATABASE_URL: 'postgres://x/y' }).secretKey).toBeNull();
		expect(readConfig({}).webhooksAllowPrivate).toBe(true);
		expect(readConfig({}).demoWebhookPort).toBe(9181);
		expect(readConfig({ VEZ_DEMO: '0' }).webhooksAllowPrivate).toBe(false);
		expect(readConfig({ DATABASE_URL: 'postgres://x/y', VEZ_DEMO: '1' }).webhooksAllowPrivate).toBe(false);
		expect(readConfig({ DATABASE_URL: 'postgres://x/y', VEZ_WEBHOOKS_ALLOW_PRIVATE: '1' }).webhooksAllowPrivate).toBe(true);
		expect(readConfig({ VEZ_DEMO_WEBHOOK_PORT: 'off' }).demoWebhookPort).toBeNull();
	});

	it('reads switches and ignores nonsense values', () => {
		const c = readConfig({ VEZ_DEMO: 'off', VEZ_JOBS: '0', VEZ_LOG_LEVEL: 'loud', VEZ_SESSION_HOURS: '-3', VEZ_VIRTUAL_PRINTER: 'off', ORIGIN: 'https://vez.example' });
		expect(c).toMatchObject({ demo: false, jobs: false, logLevel: 'info', sessionHours: 12, virtualPrinterPort: null, publicUrl: 'https://vez.example' });
	});
});
