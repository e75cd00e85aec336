import { describe, expect, it } from 'vitest';
import { isCrossSiteForm } from '../../../src/lib/server/csrf';

const url = (path: string) => new URL(`https://vez.test${path}`);
const FORM = 'application/x-www-form-urlencoded';

describe('cross-site form check', () => {
	it('refuses a form posted from another origin or with no origin, as SvelteKit does', () => {
		expect(isCrossSiteForm('POST', FORM, 'https://evil.test', url('/login'))).toBe(true);
		expect(isCrossSiteForm('POST', 'multipart/form-data; boundary=x', null, url('/counter?/open'))).toBe(true);
		expect(isCrossSiteForm('DELETE', 'text/plain', 'https://evil.test', url('/admin'))).toBe(true);
	});

	it('lets same-origin forms, JSON and safe methods through', () => {
		expect(isCrossSiteForm('POST', FORM, 'https://vez.test', url('/login'))).toBe(false);
		expect(isCrossSiteForm('POST', 'application/json', 'https://evil.test', url('/api/v1/auth/login'))).toBe(false);
		expect(isCrossSiteForm('GET', FORM, 'https://evil.test', url('/services'))).toBe(false);
	});

	it("exempts only Open311's POST requests, authenticated by api_key and never by cookie", () => {
		expect(isCrossSiteForm('POST', FORM, null, url('/open311/v2/requests.json'))).toBe(false);
		expect(isCrossSiteForm('POST', FORM, 'https://city-app.test', url('/open311/v2/requests.xml'))).toBe(false);
		expect(isCrossSiteForm('POST', FORM, null, url('/open311/v2/requests/1.json'))).toBe(true);
		expect(isCrossSiteForm('POST', FORM, null, url('/open311/v2/services.json'))).toBe(true);
	});
});
