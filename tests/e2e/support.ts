// Set-up steps the journeys share: sessions, tickets from a unit's kiosk token, clean units.
import AxeBuilder from '@axe-core/playwright';
import { expect, request as newRequest, type APIRequestContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'vez-demo';

export interface IssuedTicket {
	id: string;
	publicId: string;
	number: string;
	trackUrl: string;
}

/** Signs a page's browser context (or an API context) in through the API: the cookie is set when this returns. */
export async function signIn(target: Page | APIRequestContext, username: string, password = DEMO_PASSWORD) {
	const request = 'request' in target ? target.request : target;
	const res = await request.post('/api/v1/auth/login', { data: { username, password } });
	expect(res.status(), `sign-in of ${username}`).toBe(200);
}

/**
 * Opens a screen and waits until it is hydrated (the root layout marks `<html data-hydrated>`):
 * a click on a script-only control (search, look-up, rating buttons) before that is lost.
 */
export async function openPage(page: Page, url: string) {
	const response = await page.goto(url);
	await expect(page.locator('html[data-hydrated]')).toBeAttached();
	return response;
}

/** A staff API session of its own, for set-up and clean-up behind the screens' backs. */
export async function staffApi(baseURL: string, username: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
	const api = await newRequest.newContext({ baseURL });
	await signIn(api, username, password);
	return api;
}

/** Issues a ticket as the unit's demo kiosk would. */
export async function issueTicket(request: APIRequestContext, unit: string, service: string, priority?: string): Promise<IssuedTicket> {
	const res = await request.post(`/api/v1/units/${unit}/tickets`, {
		headers: { authorization: `Bearer demo-kiosk-${unit}` },
		data: priority ? { service, priority } : { service }
	});
	expect(res.status()).toBe(201);
	return res.json();
}

/** Leaves the unit with nobody waiting, nobody at a desk and every counter closed. */
export async function resetUnit(baseURL: string, unit: string, username: string) {
	const api = await staffApi(baseURL, username);
	const counters = (await (await api.get(`/api/v1/units/${unit}/counters`)).json()) as {
		id: string;
		status: string;
		ticket: { id: string; status: string } | null;
	}[];
	for (const c of counters) {
		if (c.ticket) await api.post(`/api/v1/tickets/${c.ticket.id}/${c.ticket.status === 'serving' ? 'finish' : 'cancel'}`, { data: { outcome: 'resolved' } });
		if (c.status !== 'closed') await api.post(`/api/v1/counters/${c.id}/close`);
	}
	const queue = (await (await api.get(`/api/v1/units/${unit}/queue`)).json()) as { services: { tickets: { id: string }[]; awaiting: { id: string }[] }[] };
	for (const s of queue.services) for (const t of [...s.tickets, ...s.awaiting]) await api.post(`/api/v1/tickets/${t.id}/cancel`);
	await api.dispose();
}

export interface CounterView {
	id: string;
	number: number;
	name: string;
	status: string;
	clerk: string | null;
}

/** Signs the clerk in on `request` and opens a closed counter of the unit for these services. */
export async function openCounter(request: APIRequestContext, unit: string, username: string, services: string[]): Promise<CounterView> {
	await signIn(request, username);
	const counters = (await (await request.get(`/api/v1/units/${unit}/counters`)).json()) as CounterView[];
	const counter = counters.filter((c) => c.status === 'closed').at(-1) ?? counters[0];
	expect((await request.post(`/api/v1/counters/${counter.id}/open`, { data: { services } })).status()).toBe(200);
	return counter;
}

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's serious and critical violations (WCAG 2.1 A and AA) on the page as it is now, one readable line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
	// Judge the settled screen: mid-transition colours (a display fading into "calling") are not what people read.
	await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
	const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}
