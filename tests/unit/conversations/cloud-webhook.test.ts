import { describe, expect, it } from 'vitest';
import { laterDelivery, notificationOf, readNotification } from '../../../src/lib/conversations/cloud-webhook';
import { describeHours, parseAgentHours } from '../../../src/lib/conversations/chat-settings';

const NOW = new Date('2026-03-10T13:00:00Z');
const of = (message: Record<string, unknown>) => notificationOf({ phoneNumberId: 'p', from: '+5563999990000', id: 'wamid.X', at: NOW, message });

describe("reading the Cloud API's notifications", () => {
	it('reads text, button and list replies, locations and other types', () => {
		expect(readNotification(of({ type: 'text', text: { body: 'oi' } }), NOW).messages[0]).toEqual({ id: 'wamid.X', from: '+5563999990000', at: NOW, input: { kind: 'text', text: 'oi' }, body: 'oi' });
		expect(readNotification(of({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'm:request', title: 'Abrir solicitação' } } }), NOW).messages[0].input).toEqual({ kind: 'choice', id: 'm:request', title: 'Abrir solicitação' });
		expect(readNotification(of({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'c:yes', title: 'Aceito' } } }), NOW).messages[0].input).toEqual({ kind: 'choice', id: 'c:yes', title: 'Aceito' });
		expect(readNotification(of({ type: 'location', location: { latitude: -10.1, longitude: -48.3, address: 'Quadra 103 Sul' } }), NOW).messages[0]).toMatchObject({ input: { kind: 'location', latitude: -10.1, longitude: -48.3, address: 'Quadra 103 Sul' }, body: 'Quadra 103 Sul' });
		expect(readNotification(of({ type: 'sticker', sticker: { id: '1' } }), NOW).messages[0]).toMatchObject({ input: { kind: 'other' }, body: '[sticker]' });
	});

	it('ignores what is not a WhatsApp messages notification, and senders that are not numbers', () => {
		expect(readNotification({ object: 'page', entry: [] }, NOW)).toEqual({ messages: [], statuses: [] });
		expect(readNotification('nonsense', NOW)).toEqual({ messages: [], statuses: [] });
		const bad = of({ type: 'text', text: { body: 'oi' } }) as { entry: { changes: { value: { messages: { from: string }[] } }[] }[] };
		bad.entry[0].changes[0].value.messages[0].from = 'abc';
		expect(readNotification(bad, NOW).messages).toEqual([]);
	});

	it('reads delivery statuses, which only move forward', () => {
		const n = { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { statuses: [{ id: 'wamid.Y', status: 'read', timestamp: '1773147600' }, { id: 'wamid.Z', status: 'weird' }] } }] }] };
		expect(readNotification(n, NOW).statuses).toEqual([{ id: 'wamid.Y', status: 'read', at: new Date(1773147600 * 1000) }]);
		expect(laterDelivery('read', 'delivered')).toBe(false);
		expect(laterDelivery('delivered', 'read')).toBe(true);
		expect(laterDelivery(null, 'sent')).toBe(true);
	});
});

describe("the chat's people hours", () => {
	it('reads "mon-fri 13:30-18:00" and says it back', () => {
		const hours = parseAgentHours('mon-fri 13:30-18:00; sat 08:00-12:00');
		expect(hours.mon).toEqual([['13:30', '18:00']]);
		expect(hours.sun).toBeUndefined();
		expect(describeHours(hours, 'pt-BR')).toBe('seg–sex 13:30–18:00; sáb 08:00–12:00');
		expect(describeHours(hours, 'en')).toBe('Mon–Fri 13:30–18:00; Sat 08:00–12:00');
	});

	it('stops the start on a wrong setting', () => {
		expect(() => parseAgentHours('weekdays 9-5')).toThrow(/VEZ_WHATSAPP_AGENT_HOURS/);
		expect(() => parseAgentHours('mon 18:00-13:30')).toThrow(/ends before/);
	});
});
