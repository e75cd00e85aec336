import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, parsePhone } from '../../../src/lib/notify/phone';

describe('phone numbers to E.164', () => {
	it.each([
		['(48) 99999-0000', '+5548999990000'],
		['48 99999 0000', '+5548999990000'],
		['48999990000', '+5548999990000'],
		['048 99999-0000', '+5548999990000'],
		['0 21 48 99999-0000', '+5548999990000'],
		['+55 (48) 99999-0000', '+5548999990000'],
		['+55 48 9 9999 0000', '+5548999990000'],
		['0055 11 91234-5678', '+5511912345678'],
		['5511912345678', '+5511912345678'],
		['+1 650 555 1234', '+16505551234'],
		['+351 912 345 678', '+351912345678']
	])('reads %s as %s', (typed, e164) => {
		expect(parsePhone(typed)).toEqual({ ok: true, e164 });
	});

	it('refuses a landline for SMS and WhatsApp, and numbers that are not numbers', () => {
		expect(parsePhone('(48) 3333-4444')).toEqual({ ok: false, code: 'not_mobile' });
		for (const bad of ['', '12345', '(20) 99999-0000', '(48) 89999-0000', 'call me', '+55 48 99999-00000', '+0 123 456 789', '(48) 99999-0000 ramal 2']) {
			expect(parsePhone(bad), bad).toMatchObject({ ok: false, code: 'invalid_phone' });
		}
	});

	it('gives the same number whatever the Brazilian form it was typed in', () => {
		const ddds = [11, 21, 31, 41, 48, 51, 61, 71, 81, 91, 99];
		fc.assert(
			fc.property(fc.constantFrom(...ddds), fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 4 }), (ddd, n, form) => {
				const sub = `9${String(n).padStart(8, '0')}`;
				const typed = [`(${ddd}) ${sub.slice(0, 5)}-${sub.slice(5)}`, `${ddd}${sub}`, `0${ddd} ${sub}`, `+55 ${ddd} ${sub}`, `0055${ddd}${sub}`][form];
				expect(parsePhone(typed)).toEqual({ ok: true, e164: `+55${ddd}${sub}` });
			})
		);
	});

	it('masks all but the area code and the last four digits', () => {
		expect(maskPhone('+5548999990123')).toBe('+55 48 •••••-0123');
		expect(maskPhone('+16505551234')).toBe('+16 ••• 1234');
	});
});
