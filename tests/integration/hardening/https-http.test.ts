import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPostgres, startServer, tempDataDir, type RunningServer } from '../api/server';
import { httpsRequest, startTlsProxy, type TlsProxy } from '../../tls-proxy';

/*
 * Served over real HTTPS, as in production: the built server behind a TLS-terminating proxy
 * (a self-signed certificate made for this test, verified by the client) that forwards
 * X-Forwarded-Proto/-Host, with adapter-node told to read them (PROTOCOL_HEADER, HOST_HEADER).
 * Every answer over HTTPS carries HSTS — pages, the API, errors — and the same server reached
 * over plain http sends none (a browser would ignore it there, and a LAN demo must not get it).
 */

const HSTS = /^max-age=(\d+); includeSubDomains$/;

const pgdb = await emptyPostgres();

describe('HSTS over HTTPS behind a TLS-terminating proxy', () => {
	let server: RunningServer;
	let proxy: TlsProxy;

	beforeAll(async () => {
		// The headers are the same on either engine; PostgreSQL, when there is one, starts faster.
		const database: Record<string, string> = pgdb ? { DATABASE_URL: pgdb.url, VEZ_DEMO: '1' } : { VEZ_DATA_DIR: tempDataDir() };
		server = await startServer({ ...database, PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host', ADDRESS_HEADER: 'x-forwarded-for' });
		proxy = await startTlsProxy(server.url);
	}, 300_000);
	afterAll(async () => {
		await proxy?.close();
		await server?.stop();
		await pgdb?.drop();
	});

	it('sends Strict-Transport-Security on pages, API answers and errors served over HTTPS', async () => {
		for (const path of ['/services', '/api/v1/units', '/api/v1/units/nowhere/services', '/no-such-page', '/readyz']) {
			const res = await httpsRequest(`${proxy.url}${path}`, proxy.ca);
			expect(res.status, path).toBeLessThan(500);
			const hsts = String(res.headers['strict-transport-security'] ?? '');
			expect(hsts, path).toMatch(HSTS);
			// At least a year, as browsers' preload lists ask.
			expect(Number(HSTS.exec(hsts)![1]), path).toBeGreaterThanOrEqual(31_536_000);
		}
	});

	it('sends no HSTS to the same server reached over plain http', async () => {
		const res = await fetch(`${server.url}/services`, { headers: { 'x-forwarded-proto': 'http' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('strict-transport-security')).toBeNull();
	});

	it('signs in through a form over HTTPS with a Secure session cookie', async () => {
		const res = await httpsRequest(`${proxy.url}/login`, proxy.ca, {
			method: 'POST',
			headers: { origin: proxy.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: 'username=gerente&password=vez-demo'
		});
		expect(res.status).toBe(303);
		expect(res.headers['strict-transport-security']).toMatch(HSTS);
		const cookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('vez_session='));
		expect(cookie).toMatch(/;\s*Secure/i);
	});
});
