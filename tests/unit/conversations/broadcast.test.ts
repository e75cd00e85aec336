import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOTICE_TEMPLATE_NAMES, noticeParams, sendSchedule } from '../../../src/lib/conversations/broadcast';
import { chatFromEnv } from '../../../src/lib/conversations/chat-settings';
import { paramCount, TEMPLATE_TEXTS } from '../../../src/lib/notify/templates';

describe('notices by broadcast', () => {
	it('never schedules more first sends in one second than the rate, and leaves no second empty before the last', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 80 }), (count, rate) => {
				const start = new Date('2026-03-10T13:00:00Z');
				const slots = sendSchedule(count, rate, start);
				expect(slots).toHaveLength(count);
				const perSecond = new Map<number, number>();
				for (const s of slots) perSecond.set(s.getTime(), (perSecond.get(s.getTime()) ?? 0) + 1);
				for (const n of perSecond.values()) expect(n).toBeLessThanOrEqual(rate);
				expect(perSecond.size).toBe(Math.ceil(count / rate));
				if (count) expect(slots[0]).toEqual(start);
			})
		);
	});

	it('has every notice template in every language with the place, when and what', () => {
		for (const name of NOTICE_TEMPLATE_NAMES) for (const text of Object.values(TEMPLATE_TEXTS[name])) expect(paramCount(text)).toBe(3);
		expect(noticeParams('Pró-Cidadão Centro', ' hoje ', 'falta\nde energia')).toEqual(['Pró-Cidadão Centro', 'hoje', 'falta de energia']);
	});

	it('reads the rate from the environment, and stops the start on a wrong one', () => {
		expect(chatFromEnv({}, null).broadcastPerSecond).toBe(20);
		expect(chatFromEnv({ VEZ_WHATSAPP_BROADCAST_RATE: '5' }, null).broadcastPerSecond).toBe(5);
		expect(() => chatFromEnv({ VEZ_WHATSAPP_BROADCAST_RATE: 'fast' }, null)).toThrow(/VEZ_WHATSAPP_BROADCAST_RATE/);
	});
});
