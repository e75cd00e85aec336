// The real adapters against the virtual phone, which speaks each provider's documented API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startVirtualPhone, type VirtualPhone } from '../../../src/lib/notify/virtual-phone.server';
import { createWhatsAppCloudClient, whatsappNotifier } from '../../../src/lib/notify/whatsapp-cloud.server';
import { twilioNotifier, zenviaNotifier } from '../../../src/lib/notify/sms.server';
import type { VisitorMessage } from '../../../src/lib/notify/notifier';

const near: VisitorMessage = { kind: 'near', lang: 'pt-BR', number: 'A023', ahead: 3, unit: 'Centro' };
const called: VisitorMessage = { kind: 'called', lang: 'en', number: 'A023', counter: 'Guichê 2', unit: 'Centro' };

let phone: VirtualPhone;
beforeAll(async () => {
	phone = await startVirtualPhone({
		port: 0,
		credentials: { whatsappToken: 'wa-token', zenviaToken: 'zv-token', twilio: { accountSid: 'AC123', authToken: 'tw-token' } }
	});
});
afterAll(() => phone.close());
beforeEach(() => phone.clear());

describe('WhatsApp Cloud API client', () => {
	const client = () => createWhatsAppCloudClient({ apiUrl: phone.whatsappApiUrl, token: 'wa-token', phoneNumberId: '1234567890' });

	it('sends the visitor alert as an approved template and shows its text on the phone', async () => {
		const sent = await whatsappNotifier(client()).send('+5548999990000', near);
		expect(sent).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^wamid\./) });
		const [m] = phone.messages();
		expect(m).toMatchObject({ provider: 'whatsapp', to: '+5548999990000', from: '1234567890', template: { name: 'vez_ticket_near', language: 'pt_BR', params: ['A023', '3', 'Centro'] } });
		expect(m.text).toContain('faltam 3');
	});

	it('sends text and interactive replies', async () => {
		expect(await client().sendText('+5548999990000', 'Seu protocolo está em análise.')).toMatchObject({ ok: true });
		expect(await client().sendInteractive('+5548999990000', { type: 'button', body: 'Deseja algo mais?', buttons: [{ id: 'yes', title: 'Sim' }, { id: 'no', title: 'Não' }] })).toMatchObject({ ok: true });
		expect(await client().markRead('wamid.X')).toMatchObject({ ok: true });
		expect(phone.messages().map((m) => [m.text, m.options])).toEqual([
			['Seu protocolo está em análise.', []],
			['Deseja algo mais?', ['Sim', 'Não']]
		]);
	});

	it('gives up on a wrong token and an unknown template, retries Meta’s 500 and an unreachable server', async () => {
		const wrong = createWhatsAppCloudClient({ apiUrl: phone.whatsappApiUrl, token: 'expired', phoneNumberId: '1' });
		expect(await wrong.sendText('+5548999990000', 'x')).toMatchObject({ ok: false, verdict: 'give_up', status: 401, error: expect.stringContaining('#190') });
		expect(await client().sendTemplate('+5548999990000', { name: 'vez_nope', language: 'pt_BR', bodyParams: [] })).toMatchObject({ verdict: 'give_up', error: expect.stringContaining('#132001') });
		expect(await client().sendTemplate('+5548999990000', { name: 'vez_ticket_near', language: 'pt_BR', bodyParams: ['A1'] })).toMatchObject({ verdict: 'give_up', error: expect.stringContaining('#132000') });
		phone.failNext('whatsapp', 500);
		expect(await whatsappNotifier(client()).send('+5548999990000', near)).toMatchObject({ ok: false, verdict: 'retry', status: 500 });
		phone.failNext('whatsapp', 400);
		expect(await whatsappNotifier(client()).send('+5548999990000', near)).toMatchObject({ ok: false, verdict: 'give_up', status: 400 });
		const away = createWhatsAppCloudClient({ apiUrl: 'http://127.0.0.1:9/v21.0', token: 't', phoneNumberId: '1' });
		expect(await away.sendText('+5548999990000', 'x')).toMatchObject({ ok: false, verdict: 'retry', status: null });
		expect(phone.messages()).toHaveLength(0);
	});
});

describe('SMS adapters', () => {
	it('sends through Zenvia with its token header and JSON contents', async () => {
		const zenvia = zenviaNotifier({ apiUrl: phone.zenviaApiUrl, token: 'zv-token', from: 'prefeitura' });
		expect(await zenvia.send('+5548999990000', near)).toMatchObject({ ok: true, providerMessageId: expect.any(String) });
		expect(phone.messages()[0]).toMatchObject({ provider: 'zenvia', channel: 'sms', to: '+5548999990000', from: 'prefeitura' });
		expect(JSON.parse(phone.messages()[0].raw)).toMatchObject({ from: 'prefeitura', to: '5548999990000', contents: [{ type: 'text' }] });
		phone.failNext('zenvia', 503);
		expect(await zenvia.send('+5548999990000', near)).toMatchObject({ ok: false, verdict: 'retry' });
		expect(await zenviaNotifier({ apiUrl: phone.zenviaApiUrl, token: 'bad', from: 'x' }).send('+5548999990000', near)).toMatchObject({ ok: false, verdict: 'give_up', status: 401 });
	});

	it('sends through Twilio with basic auth and a form, in the visitor’s language', async () => {
		const twilio = twilioNotifier({ apiUrl: phone.twilioApiUrl, accountSid: 'AC123', authToken: 'tw-token', from: '+15005550006' });
		expect(await twilio.send('+5548999990000', called)).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^SM/) });
		expect(phone.messages()[0]).toMatchObject({ provider: 'twilio', from: '+15005550006', text: expect.stringContaining('please go to Guichê 2') });
		phone.failNext('twilio', 400);
		expect(await twilio.send('+5548999990000', called)).toMatchObject({ ok: false, verdict: 'give_up', error: expect.stringContaining('#21211') });
		expect(phone.requests('twilio')).toBe(2);
	});
});

describe('the virtual phone page', () => {
	it('shows each recipient’s messages as a phone would, HTML escaped', async () => {
		const client = createWhatsAppCloudClient({ apiUrl: phone.whatsappApiUrl, token: 'wa-token', phoneNumberId: '1' });
		await client.sendText('+5548999990000', '<b>olá</b>');
		const html = await (await fetch(phone.url)).text();
		expect(html).toContain('Celular +5548999990000');
		expect(html).toContain('&#60;b&#62;olá&#60;/b&#62;');
		expect(html).not.toContain('<b>olá</b>');
	});
});
