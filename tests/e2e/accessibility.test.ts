import { expect, test, type Page } from '@playwright/test';
import { issueTicket, openCounter, openPage, resetUnit, seriousViolations, signIn } from './support';

// axe-core over every screen (WCAG 2.1 A and AA rules): no serious or critical violation.
// This file uses the unit `continente` for the console with a called ticket, and leaves it
// with nobody waiting and every counter closed; the other screens only read.
const UNIT = 'continente';

/** Opens `url` and finds no serious violation, once `settled` (if given) says the screen shows what people read. */
async function expectAccessible(page: Page, url: string, settled?: () => Promise<void>) {
	const response = await openPage(page, url);
	expect(response?.status(), url).toBeLessThan(400);
	await settled?.();
	expect(await seriousViolations(page), url).toEqual([]);
}

const publicPages = [
	'/',
	'/login',
	'/services',
	'/services/iptu-segunda-via',
	'/book',
	'/book?service=iptu-segunda-via',
	'/protocol',
	`/kiosk/centro?token=demo-kiosk-centro`,
	`/panel/centro?token=demo-panel-centro`
];

for (const url of publicPages) {
	test(`${url} has no serious accessibility violation`, async ({ page }) => {
		await expectAccessible(page, url);
	});
}

test('the booking steps and the identification form have no serious accessibility violation', async ({ page }) => {
	await openPage(page, '/book?service=iptu-segunda-via&unit=centro');
	expect(await seriousViolations(page)).toEqual([]);
	await page.locator('a.choice[data-date]').first().click();
	await expect(page.locator('a.slot').first()).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page.locator('a.slot').first().click();
	await expect(page.getByLabel('CPF')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	// The form answered with errors is checked too: the messages sit next to their fields.
	await page.getByLabel('CPF').fill('111.111.111-11');
	await page.getByLabel('Nome completo').fill('Maria Teste');
	await page.getByRole('button', { name: 'Confirmar agendamento' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('the ticket page and the rating tablet have no serious accessibility violation', async ({ page, request, baseURL }) => {
	const ticket = await issueTicket(request, 'centro', 'iptu-segunda-via');
	await expectAccessible(page, `/t/${ticket.publicId}`);
	await signIn(request, 'gerente');
	const counters = (await (await request.get('/api/v1/units/centro/counters')).json()) as { id: string }[];
	await expectAccessible(page, `/rate/${counters[0].id}?token=demo-panel-centro`);
	await resetUnit(baseURL!, 'centro', 'gerente');
});

test.describe('staff screens', () => {
	test.afterAll(async ({ baseURL }) => {
		await resetUnit(baseURL!, UNIT, 'atendente.continente');
	});

	test('the console with a called ticket has no serious accessibility violation', async ({ page, baseURL }) => {
		await resetUnit(baseURL!, UNIT, 'atendente.continente');
		await openPage(page, '/login');
		expect(await seriousViolations(page)).toEqual([]);
		const counter = await openCounter(page.request, UNIT, 'atendente.continente', ['iptu-segunda-via', 'certidao-negativa-debitos']);
		await issueTicket(page.request, UNIT, 'iptu-segunda-via');
		await issueTicket(page.request, UNIT, 'certidao-negativa-debitos');
		expect((await page.request.post(`/api/v1/counters/${counter.id}/call-next`)).status()).toBe(200);
		await expectAccessible(page, '/counter');
		await expect(page.getByTestId('current-number')).toBeVisible();
		// The small screen above that counter, calling the ticket: judged once its live state has
		// arrived (the number fades in when it does), not on the loading screen before it.
		await expectAccessible(page, `/display/${counter.id}?token=demo-panel-${UNIT}`, async () => {
			await expect(page.locator('[data-screen="calling"]')).toBeVisible();
		});
		await expectAccessible(page, `/protocolos/novo?unit=${UNIT}`);
	});

	const managerPages = ['/manage', '/manage/reports', '/manage/reports/annual', '/manage/appointments'];
	for (const url of managerPages) {
		test(`${url} has no serious accessibility violation`, async ({ page }) => {
			// Reports carry many tables: axe takes its time on a busy machine.
			test.setTimeout(60_000);
			await signIn(page, 'gerente');
			await expectAccessible(page, url);
		});
	}

	const adminPages = [
		'/admin',
		'/admin/units',
		'/admin/units/centro',
		'/admin/services',
		'/admin/services/new',
		'/admin/services/iptu-segunda-via',
		'/admin/organs',
		'/admin/priorities',
		'/admin/holidays',
		'/admin/users',
		'/admin/printers',
		'/admin/retention',
		'/admin/audit',
		'/admin/outbox',
		'/admin/avisos'
	];
	for (const url of adminPages) {
		test(`${url} has no serious accessibility violation`, async ({ page }) => {
			await signIn(page, 'admin.demo');
			await expectAccessible(page, url);
		});
	}

	test('the organ inbox and a protocol in it have no serious accessibility violation', async ({ page }) => {
		// Two months of the demo's protocols: axe walks a long table.
		test.setTimeout(90_000);
		await signIn(page, 'fazenda');
		await expectAccessible(page, '/inbox');
		const first = page.locator('a[href^="/inbox/"]').first();
		const href = await first.getAttribute('href');
		expect(href).toBeTruthy();
		await expectAccessible(page, href!);
	});
});
