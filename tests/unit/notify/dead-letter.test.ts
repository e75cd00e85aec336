import { describe, expect, it } from 'vitest';
import { mayRetryMessage, withoutContacts } from '../../../src/lib/notify/dead-letter';

const NOW = new Date('2026-03-10T13:00:00Z');

describe('a dead visitor message', () => {
	it('may be sent again only while it would still tell the visitor something', () => {
		const ticket = (ticketStatus: string) => ({ ticketStatus });
		expect(mayRetryMessage('near', ticket('waiting'), NOW)).toBe(true);
		expect(mayRetryMessage('near', ticket('called'), NOW)).toBe(false);
		expect(mayRetryMessage('called', ticket('called'), NOW)).toBe(true);
		expect(mayRetryMessage('called', ticket('serving'), NOW)).toBe(true);
		for (const over of ['done', 'no_show', 'cancelled', 'expired']) expect(mayRetryMessage('called', ticket(over), NOW)).toBe(false);
	});

	it('may send a reminder again only while its appointment is booked and still ahead', () => {
		const later = new Date(NOW.getTime() + 60 * 60_000);
		const earlier = new Date(NOW.getTime() - 60_000);
		expect(mayRetryMessage('reminder', { appointmentStatus: 'booked', startsAt: later }, NOW)).toBe(true);
		expect(mayRetryMessage('reminder', { appointmentStatus: 'booked', startsAt: earlier }, NOW)).toBe(false);
		for (const over of ['cancelled', 'checked_in', 'no_show']) expect(mayRetryMessage('reminder', { appointmentStatus: over, startsAt: later }, NOW)).toBe(false);
	});

	it('shows a provider’s error to staff without the phone number or e-mail it may quote', () => {
		expect(withoutContacts('The number +5548999990001 is not a valid mobile')).toBe('The number ••• is not a valid mobile');
		expect(withoutContacts('invalid To: (48) 99999-0001')).toBe('invalid To: •••');
		expect(withoutContacts('bounced: visitante@example.com.br')).toBe('bounced: •••@•••');
		// Status codes and provider error codes stay readable.
		expect(withoutContacts('HTTP 400 VALIDATION_ERROR code 21211')).toBe('HTTP 400 VALIDATION_ERROR code 21211');
	});
});
