import { describe, expect, it } from 'vitest';
import { interactiveBody, readCloudAnswer, templateBody, textBody } from '../../../src/lib/notify/whatsapp-cloud';
import { twilioVerdict, verdictForStatus, whatsappVerdict } from '../../../src/lib/notify/provider-errors';

describe('WhatsApp Cloud API request bodies', () => {
	it('sends a template with its language and body parameters, the recipient without "+"', () => {
		expect(templateBody('+5548999990000', { name: 'vez_ticket_near', language: 'pt_BR', bodyParams: ['A023', '3', 'Centro'] })).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '5548999990000',
			type: 'template',
			template: {
				name: 'vez_ticket_near',
				language: { code: 'pt_BR' },
				components: [{ type: 'body', parameters: [{ type: 'text', text: 'A023' }, { type: 'text', text: '3' }, { type: 'text', text: 'Centro' }] }]
			}
		});
	});

	it('sends text and reply buttons in the documented shapes', () => {
		expect(textBody('+5548999990000', 'Olá')).toMatchObject({ type: 'text', text: { preview_url: false, body: 'Olá' } });
		expect(interactiveBody('+5548999990000', { type: 'button', body: 'Confirma?', buttons: [{ id: 'yes', title: 'Sim' }, { id: 'no', title: 'Não' }] })).toMatchObject({
			type: 'interactive',
			interactive: { type: 'button', body: { text: 'Confirma?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Sim' } }, { type: 'reply', reply: { id: 'no', title: 'Não' } }] } }
		});
		expect(
			interactiveBody('+5548999990000', { type: 'list', body: 'Menu', button: 'Opções', sections: [{ title: 'Serviços', rows: [{ id: 'protocol', title: 'Protocolo', description: 'Consultar' }] }] })
		).toMatchObject({ interactive: { type: 'list', action: { button: 'Opções', sections: [{ title: 'Serviços', rows: [{ id: 'protocol', title: 'Protocolo', description: 'Consultar' }] }] } } });
	});

	it('refuses interactive messages over Meta’s limits before sending them', () => {
		const b = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title: `B${i}` }));
		expect(() => interactiveBody('+5548999990000', { type: 'button', body: 'x', buttons: b(4) })).toThrow(RangeError);
		expect(() => interactiveBody('+5548999990000', { type: 'button', body: 'x', buttons: [{ id: 'l', title: 'a title longer than twenty' }] })).toThrow(RangeError);
		expect(() => interactiveBody('+5548999990000', { type: 'list', body: 'x', button: 'Ver', sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `R${i}` })) }] })).toThrow(RangeError);
	});
});

describe('reading provider answers', () => {
	it('takes the wamid of a 200', () => {
		expect(readCloudAnswer(200, { messaging_product: 'whatsapp', contacts: [{ input: '5548', wa_id: '5548' }], messages: [{ id: 'wamid.ABC' }] })).toEqual({ ok: true, providerMessageId: 'wamid.ABC' });
	});

	it('retries throttling and Meta’s temporary errors, gives up on bad requests and templates', () => {
		const err = (status: number, code: number) => readCloudAnswer(status, { error: { message: 'm', code, error_data: { details: 'd' } } });
		expect(err(500, 131000)).toMatchObject({ ok: false, verdict: 'retry', error: '#131000 m (d)' });
		expect(err(429, 130429)).toMatchObject({ verdict: 'retry' });
		expect(err(400, 131056)).toMatchObject({ verdict: 'retry' });
		expect(err(400, 131009)).toMatchObject({ verdict: 'give_up' });
		expect(err(404, 132001)).toMatchObject({ verdict: 'give_up' });
		expect(err(401, 190)).toMatchObject({ verdict: 'give_up' });
		expect(err(400, 131047)).toMatchObject({ verdict: 'give_up' });
		expect(readCloudAnswer(502, null)).toMatchObject({ verdict: 'retry', error: 'HTTP 502' });
	});

	it('maps bare statuses and Twilio codes', () => {
		expect([400, 401, 403, 404, 408, 422, 429, 500, 503].map(verdictForStatus)).toEqual(['give_up', 'give_up', 'give_up', 'give_up', 'retry', 'give_up', 'retry', 'retry', 'retry']);
		expect(twilioVerdict(400, 21211)).toBe('give_up');
		expect(twilioVerdict(429, 20429)).toBe('retry');
		expect(whatsappVerdict(503, null)).toBe('retry');
	});
});
