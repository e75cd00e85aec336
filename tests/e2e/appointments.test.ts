import { expect, test } from '@playwright/test';
import { DateTime } from 'luxon';
import { issueTicket, resetUnit, signIn, staffApi } from './support';

// This file uses the unit `rio-tavares` only, and leaves it with nobody waiting and every counter closed.
const UNIT = 'rio-tavares';
const ZONE = 'America/Sao_Paulo';
const SERVICE = 'licenca-ambiental';
const SERVICE_NAME = 'Licença ambiental municipal';
const CPF = '529.982.247-25';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a citizen books on the phone, adds it to the calendar, checks in at the kiosk and is called at its time ahead of an earlier walk-in', async ({ page, baseURL }) => {
	// Waits (by polling the queue) until the booked minute comes: at most a few minutes.
	test.setTimeout(8 * 60_000);
	const admin = await staffApi(baseURL!, 'admin.demo');
	const clerk = await staffApi(baseURL!, 'atendente.rio-tavares');
	try {
		// Capacity starting at the next whole minute in the unit's zone, every day, no minimum
		// notice: whatever the hour the suite runs, the first free slot is at most a minute away
		// (from 23:55 on it is tomorrow's 00:00, at most five).
		const next = DateTime.now().setZone(ZONE).plus({ minutes: 1 }).startOf('minute');
		const start = next.hour === 23 && next.minute > 55 ? next.plus({ days: 1 }).startOf('day') : next;
		const window = { start: start.toFormat('HH:mm'), end: '24:00', slotMinutes: 5, places: 1 };
		const capacity = await admin.put(`/api/v1/units/${UNIT}/services/${SERVICE}/capacity`, {
			data: {
				template: { windows: Object.fromEntries(WEEKDAYS.map((d) => [d, [window]])), walkInShare: 0, horizonDays: 2, minNoticeMinutes: 0 }
			}
		});
		expect(capacity.status()).toBe(200);

		// Booking, step by step, as a phone visitor.
		await page.goto('/book');
		await expect(page.getByRole('heading', { level: 1, name: 'Agendar atendimento' })).toBeVisible();
		await page.getByLabel('Buscar serviço').fill('licenca ambiental');
		await page.getByRole('button', { name: 'Buscar' }).click();
		await page.getByRole('link', { name: new RegExp(SERVICE_NAME) }).click();
		await page.getByRole('link', { name: /Rio Tavares/ }).click();
		await page.locator(`a[data-date="${start.toISODate()}"]`).click();
		await page.locator(`a[data-start="${start.toISO({ suppressMilliseconds: true })}"]`).click();
		await page.getByLabel('CPF').fill(CPF);
		await page.getByLabel('Nome completo').fill('Joana Teste');
		await page.getByLabel('E-mail').fill('joana@example.org');
		await page.getByRole('button', { name: 'Confirmar agendamento' }).click();

		await expect(page.getByRole('heading', { level: 1, name: 'Agendamento confirmado' })).toBeVisible();
		const code = (await page.getByTestId('booking-code').textContent())!.trim();
		expect(code).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}-[2-9A-Z]{3}$/);
		await expect(page.getByRole('img', { name: new RegExp(`agendamento ${code}`) })).toBeVisible();
		await expect(page).toHaveURL(/\/book\/manage\/[A-Za-z0-9_-]{32,}/);
		const manageUrl = page.url();

		// The calendar file: it parses, and its local start is the booked time in the unit's zone.
		// Fetched as the link's download would be (the browser's download UI adds nothing to test).
		const icsLink = page.getByRole('link', { name: 'Adicionar à agenda (.ics)' });
		await expect(icsLink).toHaveAttribute('download');
		const icsResponse = await page.request.get((await icsLink.getAttribute('href'))!);
		expect(icsResponse.status()).toBe(200);
		expect(icsResponse.headers()['content-type']).toMatch(/^text\/calendar/);
		expect(icsResponse.headers()['content-disposition']).toMatch(/^attachment; filename=/);
		const ics = await icsResponse.text();
		const unfolded = ics.replace(/\r\n /g, '');
		const lines = unfolded.split('\r\n');
		expect(lines[0]).toBe('BEGIN:VCALENDAR');
		expect(lines).toContain('BEGIN:VEVENT');
		expect(lines).toContain('BEGIN:VALARM');
		const dtstart = lines.find((l) => l.startsWith('DTSTART;TZID='))!;
		const [, tzid, local] = /^DTSTART;TZID=([^:]+):(\d{8}T\d{6})$/.exec(dtstart)!;
		expect(tzid).toBe(ZONE);
		expect(DateTime.fromFormat(local, "yyyyMMdd'T'HHmmss", { zone: tzid }).toMillis()).toBe(start.toMillis());

		// A walk-in of the same service arrives first.
		const walkIn = await issueTicket(page.request, UNIT, SERVICE);

		// Check-in at the kiosk with the code, as a scanner would type it.
		await page.goto(`/kiosk/${UNIT}?token=demo-kiosk-${UNIT}`);
		await page.getByRole('button', { name: 'Tenho agendamento' }).click();
		await page.getByLabel('Código do agendamento ou CPF').fill(code);
		await page.getByLabel('Código do agendamento ou CPF').press('Enter');
		await expect(page.getByTestId('ticket-number')).toBeVisible();
		await expect(page.getByTestId('ticket-appointment')).toHaveText(`Agendamento às ${start.toFormat('HH:mm')}: você será chamado no seu horário`);
		const appointmentNumber = (await page.getByTestId('ticket-number').textContent())!.trim();

		// At its time the appointment goes ahead of the walk-in who came first.
		await expect
			.poll(
				async () => {
					const queue = (await (await clerk.get(`/api/v1/units/${UNIT}/queue`)).json()) as {
						services: { code: string; tickets: { number: string; reason: { code: string } }[] }[];
					};
					const first = queue.services.find((s) => s.code === SERVICE)?.tickets[0];
					return first ? `${first.number}:${first.reason.code}` : null;
				},
				{ timeout: 7 * 60_000, intervals: [5_000] }
			)
			.toBe(`${appointmentNumber}:appointment_due`);
		const counters = (await (await clerk.get(`/api/v1/units/${UNIT}/counters`)).json()) as { id: string }[];
		expect((await clerk.post(`/api/v1/counters/${counters[0].id}/open`, { data: { services: [SERVICE] } })).status()).toBe(200);
		const called = await clerk.post(`/api/v1/counters/${counters[0].id}/call-next`);
		expect(called.status()).toBe(200);
		expect((await called.json()).number).toBe(appointmentNumber);
		expect(appointmentNumber).not.toBe(walkIn.number);

		// The manage link shows the arrival; the managers' day view lists it with the CPF masked.
		await page.goto(manageUrl);
		await expect(page.getByTestId('booking-status')).toHaveText('Chegada confirmada');
		await page.context().clearCookies();
		const res = await page.request.post('/api/v1/auth/login', { data: { username: 'admin.demo', password: 'vez-demo' } });
		expect(res.status()).toBe(200);
		await page.goto(`/manage/appointments?unit=${UNIT}&date=${start.toISODate()}`);
		const row = page.getByRole('row', { name: new RegExp(code) });
		await expect(row).toContainText('Joana Teste');
		await expect(row).toContainText('***.982.247-**');
		await expect(row).toContainText('Chegada confirmada');
	} finally {
		await admin.dispose();
		await clerk.dispose();
		await resetUnit(baseURL!, UNIT, 'atendente.rio-tavares');
	}
});

test('a manager edits the capacity in the form: bad input is refused next to its field, good input is saved', async ({ page, baseURL }) => {
	const admin = await staffApi(baseURL!, 'admin.demo');
	const url = `/api/v1/units/${UNIT}/services/${SERVICE}/capacity`;
	const mornings = { start: '08:00', end: '12:00', slotMinutes: 30, places: 2 };
	const stored = async () => (await (await admin.get(url)).json()) as { template: Record<string, unknown>; exceptions: unknown[] };
	try {
		expect((await admin.put(url, { data: { template: { windows: { mon: [mornings] }, walkInShare: 0, horizonDays: 10, minNoticeMinutes: 60 } } })).status()).toBe(200);
		await signIn(page, 'admin.demo');
		await page.goto(`/manage/appointments?unit=${UNIT}`);
		const service = page.getByRole('region', { name: SERVICE_NAME });
		await service.getByText('Capacidade (modelo semanal e exceções)').click();
		const first = service.getByRole('group', { name: 'Janela 1' });
		await expect(first.getByLabel('Segunda')).toBeChecked();
		await first.getByLabel('Quarta').check();

		// A window too short for one slot: the error sits under its end time and nothing is saved.
		await first.getByLabel('Fim (HH:mm)').fill('08:10');
		await service.getByRole('button', { name: 'Salvar capacidade' }).click();
		await expect(page.getByRole('alert')).toHaveText('Corrija os campos indicados. Nada foi salvo.');
		await expect(first.getByLabel('Fim (HH:mm)')).toHaveAttribute('aria-invalid', 'true');
		await expect(first.getByText('A janela deve caber ao menos um horário')).toBeVisible();
		expect((await stored()).template.windows).toEqual({ mon: [mornings] });

		// Fixed, plus a Friday afternoon window, a walk-in share and a closed date.
		await expect(first.getByLabel('Quarta')).toBeChecked();
		await first.getByLabel('Fim (HH:mm)').fill('12:00');
		await service.getByRole('button', { name: 'Adicionar janela' }).click();
		const second = service.getByRole('group', { name: 'Janela 2' });
		await second.getByLabel('Sexta').check();
		await second.getByLabel('Início (HH:mm)').fill('14:00');
		await second.getByLabel('Fim (HH:mm)').fill('16:00');
		await second.getByLabel('Minutos por horário').fill('20');
		await second.getByLabel('Vagas por horário').fill('1');
		await service.getByLabel('Reserva para quem vem sem agendamento (%)').fill('50');
		await service.getByRole('button', { name: 'Adicionar exceção' }).click();
		const closed = DateTime.now().setZone(ZONE).plus({ days: 5 }).toISODate()!;
		const exception = service.getByRole('group', { name: 'Exceção 1' });
		await exception.getByLabel('Data').fill(closed);
		await exception.getByLabel('Motivo').fill('Inventário');
		await service.getByRole('button', { name: 'Salvar capacidade' }).click();
		await expect(page.getByRole('status')).toHaveText('Capacidade salva.');
		const saved = await stored();
		expect(saved.template).toEqual({
			windows: { mon: [mornings], wed: [mornings], fri: [{ start: '14:00', end: '16:00', slotMinutes: 20, places: 1 }] },
			walkInShare: 0.5,
			horizonDays: 10,
			minNoticeMinutes: 60,
			oneActivePerCpf: true
		});
		expect(saved.exceptions).toEqual([{ date: closed, kind: 'closed', reason: 'Inventário' }]);
	} finally {
		await admin.dispose();
		await resetUnit(baseURL!, UNIT, 'atendente.rio-tavares');
	}
});
