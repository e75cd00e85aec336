import { expect, test, type Page } from '@playwright/test';
import { lockAudioUntilGesture, recordSpeech, spoken } from './panel-audio';

// A whole visit across four browsers — kiosk, the visitor's phone, the clerk, the TV panel —
// in the unit `canasvieiras`, which no other end-to-end file uses.
const UNIT = 'canasvieiras';

async function takeTicket(kiosk: Page, service: string, priority: RegExp | null) {
	await kiosk.getByRole('button', { name: new RegExp(service) }).click();
	await kiosk.getByRole('button', { name: priority ?? 'Não, atendimento normal' }).click();
	const number = (await kiosk.getByTestId('ticket-number').textContent())!;
	const trackUrl = (await kiosk.locator('figure.qr').getAttribute('data-track-url'))!;
	await kiosk.getByRole('button', { name: 'Concluir' }).click();
	return { number, path: new URL(trackUrl).pathname };
}

test('a visit end to end: kiosk, phone, clerk and panel', async ({ browser }) => {
	const [kiosk, normalPhone, priorityPhone, clerk, panel] = await Promise.all(
		Array.from({ length: 5 }, async () => (await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' })).newPage())
	);
	const services = (await (await kiosk.request.get(`/api/v1/units/${UNIT}/services`)).json()) as { name: string; allowsPriority: boolean }[];
	const service = services.find((s) => s.allowsPriority)!.name.replace(/[()]/g, '.');

	await recordSpeech(panel);
	await lockAudioUntilGesture(panel);
	await panel.goto(`/panel/${UNIT}?token=demo-panel-${UNIT}`);
	const sound = panel.getByRole('dialog', { name: 'Ativar o som do painel' });
	await sound.getByRole('button', { name: /Ativar som/ }).click();
	await expect(sound).toBeHidden();
	await expect(panel.locator('main.panel')).toHaveAttribute('data-connection', 'up');

	// The kiosk issues a normal ticket, then a priority one.
	await kiosk.goto(`/kiosk/${UNIT}?token=demo-kiosk-${UNIT}`);
	const normal = await takeTicket(kiosk, service, null);
	const elderly = await takeTicket(kiosk, service, /Pessoa idosa \(60 anos ou mais\)/);

	// Each visitor follows their ticket on the phone: the priority ticket is first in line.
	await normalPhone.goto(normal.path);
	await priorityPhone.goto(elderly.path);
	await expect(normalPhone.getByTestId('position')).toHaveText('1 pessoa à sua frente');
	await expect(normalPhone.getByTestId('estimate')).toHaveText(/em instantes|alguns minutos|cerca de \d+ min|\d+–\d+ min/);
	await expect(priorityPhone.getByTestId('position')).toHaveText('Você é o próximo');

	// The clerk opens a counter and calls next: the priority ticket comes first.
	const login = await clerk.request.post('/api/v1/auth/login', { data: { username: `atendente.${UNIT}`, password: 'vez-demo' } });
	expect(login.status()).toBe(200);
	await clerk.goto('/counter');
	await expect(clerk.getByRole('heading', { level: 1, name: 'Console do atendente' })).toBeVisible();
	const counterName = (await clerk.getByLabel('Guichê', { exact: true }).locator('option:not([disabled])').first().textContent())!.trim();
	await clerk.getByLabel('Guichê', { exact: true }).selectOption({ label: counterName });
	await clerk.getByRole('button', { name: 'Abrir guichê' }).click();
	await expect(clerk.getByTestId('counter-status')).toHaveText('Aberto');
	await clerk.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(clerk.getByTestId('current-number')).toHaveText(elderly.number);

	// The panel shows and announces it; the visitor's phone flips to "your turn".
	await expect(panel.getByTestId('current-call')).toContainText(elderly.number);
	await expect(panel.getByTestId('current-call')).toContainText(counterName);
	await expect
		.poll(() => spoken(panel))
		.toContainEqual({ text: `Senha ${[...elderly.number].join(' ')}, ${counterName}`, lang: 'pt-BR' });
	await expect(priorityPhone.getByRole('alert')).toHaveText(`Sua senha foi chamada — dirija-se ao ${counterName}`);
	await expect(normalPhone.getByTestId('position')).toHaveText('Você é o próximo');

	// The clerk serves and finishes; the phone says so. Then the normal ticket is called.
	await clerk.getByRole('button', { name: 'Iniciar atendimento' }).click();
	await expect(clerk.getByTestId('current-status')).toHaveText('Em atendimento');
	await clerk.getByRole('button', { name: 'Finalizar', exact: true }).click();
	await expect(clerk.getByTestId('message')).toHaveText(`Senha ${elderly.number} finalizada.`);
	await expect(priorityPhone.getByText(/Atendimento concluído|concluído/i).first()).toBeVisible();
	await clerk.getByRole('button', { name: 'Chamar próxima' }).click();
	await expect(clerk.getByTestId('current-number')).toHaveText(normal.number);
	await expect(normalPhone.getByRole('alert')).toHaveText(`Sua senha foi chamada — dirija-se ao ${counterName}`);
	await expect(panel.getByTestId('current-call')).toContainText(normal.number);
});
