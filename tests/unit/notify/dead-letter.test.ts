import { describe, expect, it } from 'vitest';
import { mayRetryMessage, withoutContacts } from '../../../src/lib/notify/dead-letter';

describe('a dead visitor message', () => {
	it('may be sent again only while it would still tell the visitor something', () => {
		expect(mayRetryMessage('near', 'waiting')).toBe(true);
		expect(mayRetryMessage('near', 'called')).toBe(false);
		expect(mayRetryMessage('called', 'called')).toBe(true);
		expect(mayRetryMessage('called', 'serving')).toBe(true);
		for (const over of ['done', 'no_show', 'cancelled', 'expired']) expect(mayRetryMessage('called', over)).toBe(false);
	});

	it('shows a provider’s error to staff without the phone number or e-mail it may quote', () => {
		expect(withoutContacts('The number +5548999990001 is not a valid mobile')).toBe('The number ••• is not a valid mobile');
		expect(withoutContacts('invalid To: (48) 99999-0001')).toBe('invalid To: •••');
		expect(withoutContacts('bounced: visitante@example.com.br')).toBe('bounced: •••@•••');
		// Status codes and provider error codes stay readable.
		expect(withoutContacts('HTTP 400 VALIDATION_ERROR code 21211')).toBe('HTTP 400 VALIDATION_ERROR code 21211');
	});
});
