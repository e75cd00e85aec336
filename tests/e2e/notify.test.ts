import { expect, test } from '@playwright/test';
import { DateTime } from 'luxon';
import { issueTicket, openCounter, openPage, resetUnit, signIn, staffApi } from './support';

// Visitors' messages on the demo's virtual phone (its port is the app's plus 100, set in
// playwright.config.ts). This file uses the unit `rio-tavares` and leaves it with nobody waiting.
const UNIT = 'rio-tavares';
const CLERK = 'atendente.rio-tavares';
const SERVICE = 'iptu-segunda-via';
const PHONE_PAGE = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173) + 100}/`;

test.beforeEach(async ({ baseURL }) => resetUnit(baseURL!, UNIT, CLERK));
test.afterEach(async ({ baseURL }) => resetUnit(baseURL!, UNIT, CLERK));

test('a visitor opts in on the ticket page and the virtual phone shows "faltam" and the call to the counter', async ({ page, request, context }) => {
	const first = await issueTicket(request, UNIT, SERVICE);
	const mine = await issueTicket(request, UNIT, SERVICE);
	await openPage(page, `/t/${mine.publicId}`);
	await expect(page.getByRole('heading', { name: 'Avise-me' })).toBeVisible();
	await page.getByRole('radio', { name: 'SMS' }).check();
	await page.getByLabel('Celular com DDD').fill('(48) 99999-0171');
	await expect(page.getByText('Autorizo o envio de mensagens sobre esta senha')).toBeVisible();
	await page.getByRole('button', { name: 'Quero ser avisado' }).click();
	// Staff and the page itself never show the whole number.
	await expect(page.getByTestId('notify-active')).toHaveText('Avisos ativos por SMS para +55 48 •••••-0171: quando faltarem 3.');

	const counter = await openCounter(request, UNIT, CLERK, [SERVICE]);
	expect((await request.post(`/api/v1/counters/${counter.id}/call`, { data: { ticket: first.id } })).status()).toBe(200);
	expect((await request.post(`/api/v1/tickets/${first.id}/finish`, { data: { outcome: 'resolved' } })).status()).toBe(200);
	expect((await request.post(`/api/v1/counters/${counter.id}/call`, { data: { ticket: mine.id } })).status()).toBe(200);

	const phone = await context.newPage();
	await phone.goto(PHONE_PAGE);
	const handset = phone.getByRole('region', { name: 'Celular +5548999990171' });
	await expect(handset.locator('li.msg')).toHaveCount(2, { timeout: 15_000 });
	await expect(handset.locator('li.msg').first()).toContainText(`Senha ${mine.number}: faltam 1 antes de você`);
	await expect(handset.locator('li.msg').last()).toContainText(`Sua senha ${mine.number} foi chamada: dirija-se ao ${counter.name}`);
});

test('at the kiosk, a visitor types a mobile number on the on-screen keypad and gets WhatsApp messages', async ({ page, context }) => {
	await page.goto(`/kiosk/${UNIT}?token=demo-kiosk-${UNIT}`);
	await page.getByRole('button', { name: /IPTU/ }).first().click();
	await page.getByRole('button', { name: 'Não, atendimento normal' }).click();
	const number = (await page.getByTestId('ticket-number').textContent())!;
	await page.getByRole('button', { name: 'Avise-me no celular' }).click();
	await expect(page.getByRole('heading', { name: /Digite seu celular/ })).toBeVisible();
	const keys = page.getByRole('group', { name: 'Teclado do celular' });
	for (const d of '4899999017') await keys.getByRole('button', { name: d, exact: true }).click();
	await keys.getByRole('button', { name: 'Apagar' }).click();
	for (const d of '72') await keys.getByRole('button', { name: d, exact: true }).click();
	await expect(page.getByTestId('kiosk-phone')).toHaveValue('(48) 99999-0172');
	await page.getByRole('button', { name: 'Quero ser avisado' }).click();
	await expect(page.getByTestId('kiosk-notify-done')).toContainText('+55 48 •••••-0172');

	const phone = await context.newPage();
	await phone.goto(PHONE_PAGE);
	const handset = phone.getByRole('region', { name: 'Celular +5548999990172' });
	await expect(handset.locator('li.msg')).toHaveCount(1, { timeout: 15_000 });
	await expect(handset).toContainText('WhatsApp · modelo vez_ticket_near');
	await expect(handset).toContainText(`Senha ${number}: faltam 0 antes de você`);
});

test('a citizen books with WhatsApp reminders, and the virtual phone shows the reminder at the lead the unit set', async ({ page, browser, baseURL }) => {
	// Waits for the reminder's moment, a minute or two after booking.
	test.setTimeout(5 * 60_000);
	const ZONE = 'America/Sao_Paulo';
	const SERVICE = 'licenca-ambiental';
	const admin = await staffApi(baseURL!, 'admin.demo');
	const citizen = await browser.newContext({ locale: 'pt-BR', timezoneId: ZONE });
	let cancel: (() => Promise<unknown>) | null = null;
	try {
		// Slots from four minutes ahead (after 23:55, tomorrow's first), every day, no notice.
		const next = DateTime.now().setZone(ZONE).plus({ minutes: 4 }).startOf('minute');
		const start = next.hour === 23 && next.minute > 55 ? next.plus({ days: 1 }).startOf('day') : next;
		const window = { start: start.toFormat('HH:mm'), end: '24:00', slotMinutes: 5, places: 1 };
		const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
		const capacity = await admin.put(`/api/v1/units/${UNIT}/services/${SERVICE}/capacity`, {
			data: { template: { windows: Object.fromEntries(days.map((d) => [d, [window]])), walkInShare: 0, horizonDays: 2, minNoticeMinutes: 0 } }
		});
		expect(capacity.status()).toBe(200);
		// The unit reminds this long before: the reminder's moment falls a minute or two after the booking below.
		const lead = Math.floor(start.diffNow('minutes').minutes) - 1;
		await signIn(page, 'admin.demo');
		await page.goto(`/admin/units/${UNIT}`);
		const reminders = page.locator('form[action="?/reminders"]');
		await expect(reminders.getByLabel('Antecedência dos lembretes')).toHaveValue('24 h, 2 h');
		await reminders.getByLabel('Antecedência dos lembretes').fill(`${lead} min`);
		await reminders.getByRole('button', { name: 'Salvar' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Alterações salvas.' })).toBeVisible();

		const booking = await citizen.newPage();
		await booking.goto(`/book?service=${SERVICE}&unit=${UNIT}&date=${start.toISODate()}&start=${encodeURIComponent(start.toISO({ suppressMilliseconds: true })!)}`);
		await booking.getByLabel('CPF').fill('111.444.777-35');
		await booking.getByLabel('Nome completo').fill('Rita Lembrete');
		await booking.getByLabel('Telefone').fill('(48) 99999-0181');
		const choice = booking.getByRole('group', { name: 'Lembretes no celular' });
		await expect(choice).toContainText('Ao escolher um canal, autorizo o envio de lembretes deste agendamento');
		await choice.getByRole('radio', { name: 'WhatsApp' }).check();
		await booking.getByRole('button', { name: 'Confirmar agendamento' }).click();
		await expect(booking.getByRole('heading', { level: 1, name: 'Agendamento confirmado' })).toBeVisible();
		const code = (await booking.getByTestId('booking-code').textContent())!.trim();
		const token = booking.url().split('/').pop()!.split('?')[0];
		cancel = () => booking.request.post(`/api/v1/appointments/${code}/cancel`, { data: { token } });

		const phone = await citizen.newPage();
		await phone.goto(PHONE_PAGE);
		const handset = phone.getByRole('region', { name: 'Celular +5548999990181' });
		await expect(handset.locator('li.msg')).toHaveCount(1, { timeout: 4 * 60_000 });
		await expect(handset).toContainText('WhatsApp · modelo vez_appointment_reminder');
		await expect(handset).toContainText(`Lembrete: seu atendimento de Licença ambiental municipal em`);
		await expect(handset).toContainText(`às ${start.toFormat('HH:mm')}. Ao chegar, digite o código ${code} no totem.`);
	} finally {
		await cancel?.();
		await page.goto(`/admin/units/${UNIT}`);
		await page.locator('form[action="?/reminders"]').getByLabel('Antecedência dos lembretes').fill('24 h, 2 h');
		await page.locator('form[action="?/reminders"]').getByRole('button', { name: 'Salvar' }).click();
		await citizen.close();
		await admin.dispose();
	}
});
