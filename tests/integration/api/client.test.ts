import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, worthRetrying } from '../../../src/lib/api/client';
import { freePort } from './server';

// The screens' API client against a real HTTP server on 127.0.0.1 that answers the way Vez,
// a proxy in front of it, or a hung process would. (`formAction` needs SvelteKit's client
// runtime to decode; the protocol form's CPF look-up exercises it in tests/e2e/protocols.test.ts.)
describe('the screens’ API client', () => {
	let server: http.Server;
	let base: string;
	const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				seen.push({ headers: req.headers, body });
				const json = (status: number, value: unknown) => {
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(value));
				};
				switch (req.url) {
					case '/created':
						return json(201, { number: 'A001' });
					case '/empty':
						res.writeHead(204);
						return res.end();
					case '/conflict':
						return json(409, { error: { code: 'counter_busy', message: 'Busy.', fields: { counter: 'busy' } } });
					case '/unknown-code':
						return json(409, { error: { code: 'from_the_future', message: 'New.' } });
					case '/unavailable':
						return json(503, { error: { code: 'unavailable', message: 'Database away.' } });
					case '/proxy':
						res.writeHead(502, { 'content-type': 'text/html' });
						return res.end('<html><body>Bad Gateway</body></html>');
					case '/crash':
						return json(500, { error: { code: 'internal_error', message: 'Internal error.' } });
					case '/hang':
						return; // never answers
				}
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	it('decodes a success, and an empty answer as null', async () => {
		expect(await apiRequest(`${base}/created`, { body: { service: 'x' } })).toEqual({ ok: true, status: 201, data: { number: 'A001' } });
		expect(await apiRequest(`${base}/empty`, { method: 'POST' })).toEqual({ ok: true, status: 204, data: null });
	});

	it('sends JSON, the device token and the Idempotency-Key', async () => {
		await apiRequest(`${base}/created`, { body: { service: 'iptu' }, token: 'demo-kiosk', idempotencyKey: 'k-1' });
		const last = seen.at(-1)!;
		expect(last.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer demo-kiosk', 'idempotency-key': 'k-1' });
		expect(JSON.parse(last.body)).toEqual({ service: 'iptu' });
	});

	it('turns an API error into its typed code, message and fields; an unknown code reads as internal_error', async () => {
		const conflict = await apiRequest(`${base}/conflict`, { method: 'POST' });
		expect(conflict).toEqual({ ok: false, kind: 'error', status: 409, code: 'counter_busy', message: 'Busy.', fields: { counter: 'busy' } });
		expect(await apiRequest(`${base}/unknown-code`)).toMatchObject({ kind: 'error', status: 409, code: 'internal_error' });
	});

	it('tells an unreachable server from a refusal: refused connection, a proxy’s page, a timeout', async () => {
		const closed = `http://127.0.0.1:${await freePort()}`;
		const refused = await apiRequest(`${closed}/created`);
		expect(refused).toEqual({ ok: false, kind: 'unreachable', reason: 'network' });
		expect(await apiRequest(`${base}/proxy`)).toEqual({ ok: false, kind: 'unreachable', reason: 'gateway' });
		expect(await apiRequest(`${base}/hang`, { timeoutMs: 200 })).toEqual({ ok: false, kind: 'unreachable', reason: 'timeout' });
	});

	it('offers a retry for no answer, an unavailable or failing server, not for a refusal', async () => {
		for (const path of ['/proxy', '/unavailable', '/crash']) {
			const res = await apiRequest(`${base}${path}`);
			expect(!res.ok && worthRetrying(res), path).toBe(true);
		}
		const conflict = await apiRequest(`${base}/conflict`);
		expect(!conflict.ok && worthRetrying(conflict)).toBe(false);
	});
});
