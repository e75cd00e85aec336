import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../../../src/lib/server/http/csrf';

const url = (path: string) => new URL(`https://vez.test${path}`);
const FORM = 'application/x-www-form-urlencoded';
const COOKIE = 'vez_session';

function crossSite(method: string, path: string, headers: Record<string, string>): boolean {
	return isCrossSiteRequest(method, new Headers(headers), url(path), COOKIE);
}

describe('cross-site request check', () => {
	it('refuses a form posted from another origin or with no origin, as SvelteKit does', () => {
		expect(crossSite('POST', '/login', { 'content-type': FORM, origin: 'https://evil.test' })).toBe(true);
		expect(crossSite('POST', '/counter?/open', { 'content-type': 'multipart/form-data; boundary=x' })).toBe(true);
		expect(crossSite('DELETE', '/admin', { 'content-type': 'text/plain', origin: 'https://evil.test' })).toBe(true);
	});

	it('lets same-origin forms, cookieless JSON and safe methods through', () => {
		expect(crossSite('POST', '/login', { 'content-type': FORM, origin: 'https://vez.test' })).toBe(false);
		expect(crossSite('POST', '/api/v1/auth/login', { 'content-type': 'application/json', origin: 'https://evil.test' })).toBe(false);
		expect(crossSite('GET', '/services', { 'content-type': FORM, origin: 'https://evil.test', cookie: `${COOKIE}=s` })).toBe(false);
	});

	it('refuses a bodiless or JSON request from another site that carries the session cookie', () => {
		const cookie = `lang=pt; ${COOKIE}=secret`;
		expect(crossSite('POST', '/api/v1/counters/1/call-next', { cookie, origin: 'https://evil.test' })).toBe(true);
		expect(crossSite('POST', '/api/v1/auth/logout', { cookie, origin: 'null' })).toBe(true);
		expect(crossSite('POST', '/api/v1/counters/1/call-next', { cookie, 'sec-fetch-site': 'cross-site' })).toBe(true);
		expect(crossSite('DELETE', '/api/v1/tokens/1', { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-site' })).toBe(true);
	});

	it('lets the same origin, a non-browser client and bearer-token devices post without a body', () => {
		const cookie = `${COOKIE}=secret`;
		expect(crossSite('POST', '/api/v1/counters/1/call-next', { cookie, origin: 'https://vez.test', 'sec-fetch-site': 'same-origin' })).toBe(false);
		expect(crossSite('POST', '/api/v1/counters/1/call-next', { cookie })).toBe(false);
		expect(crossSite('POST', '/api/v1/units/centro/tickets', { authorization: 'Bearer k', origin: 'https://evil.test' })).toBe(false);
	});

	it("exempts only Open311's POST requests, authenticated by api_key and never by cookie", () => {
		expect(crossSite('POST', '/open311/v2/requests.json', { 'content-type': FORM })).toBe(false);
		expect(crossSite('POST', '/open311/v2/requests.xml', { 'content-type': FORM, origin: 'https://city-app.test' })).toBe(false);
		expect(crossSite('POST', '/open311/v2/requests/1.json', { 'content-type': FORM })).toBe(true);
		expect(crossSite('POST', '/open311/v2/services.json', { 'content-type': FORM })).toBe(true);
	});
});
