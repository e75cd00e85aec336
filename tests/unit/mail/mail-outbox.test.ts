import { describe, expect, it } from 'vitest';
import { afterFailure } from '../../../src/lib/jobs/retry';
import { classifySmtpFailure, isPermanentSmtpFailure, MAIL_MAX_ATTEMPTS, MAIL_RETRY, MAIL_RETRY_DELAYS_SECONDS } from '../../../src/lib/mail/mail-outbox';
import { readConfig } from '../../../src/lib/server/config';

const NOW = new Date('2026-03-10T13:00:00Z');
const after = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
/** The mail schedule has no jitter: whatever the random draw, the waits are the same. */
const mailAfterFailure = (attempts: number, now: Date, permanent = false) => afterFailure(MAIL_RETRY, attempts, now, 0.07, permanent);

describe('mail back-off', () => {
	it('waits 30 s, 2 min, 10 min, 1 h and 6 h after the first five failures', () => {
		expect(MAIL_RETRY_DELAYS_SECONDS).toEqual([30, 120, 600, 3600, 21_600]);
		expect([1, 2, 3, 4, 5].map((n) => mailAfterFailure(n, NOW))).toEqual([
			{ status: 'queued', nextAttemptAt: after(30) },
			{ status: 'queued', nextAttemptAt: after(120) },
			{ status: 'queued', nextAttemptAt: after(600) },
			{ status: 'queued', nextAttemptAt: after(3600) },
			{ status: 'queued', nextAttemptAt: after(21_600) }
		]);
	});

	it('gives up after the sixth attempt, about seven hours after the first', () => {
		expect(MAIL_MAX_ATTEMPTS).toBe(6);
		expect(mailAfterFailure(6, NOW)).toEqual({ status: 'failed' });
		// A mail whose runner died holding it can come back with more attempts than the table has delays.
		expect(mailAfterFailure(9, NOW)).toEqual({ status: 'failed' });
		expect(MAIL_RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0)).toBe(25_950);
	});

	it('gives up at once when the failure is permanent', () => {
		expect(mailAfterFailure(1, NOW, true)).toEqual({ status: 'failed' });
	});

	it('treats an attempt count of zero like the first failure rather than reading outside the table', () => {
		expect(mailAfterFailure(0, NOW)).toEqual({ status: 'queued', nextAttemptAt: after(30) });
	});
});

describe('SMTP failures', () => {
	it('takes 5xx replies as permanent, except 503 (bad sequence), and 4xx or no reply as worth retrying', () => {
		expect(isPermanentSmtpFailure(550)).toBe(true);
		expect(isPermanentSmtpFailure(554)).toBe(true);
		expect(isPermanentSmtpFailure(503)).toBe(false);
		expect(isPermanentSmtpFailure(450)).toBe(false);
		expect(isPermanentSmtpFailure(421)).toBe(false);
		expect(isPermanentSmtpFailure(null)).toBe(false);
		expect(isPermanentSmtpFailure(undefined)).toBe(false);
	});

	it('tells a relay that is down from a refusal of one mail', () => {
		expect(classifySmtpFailure({ code: 'ECONNECTION', responseCode: null })).toBe('relay_down');
		expect(classifySmtpFailure({ code: 'ETIMEDOUT' })).toBe('relay_down');
		expect(classifySmtpFailure({ code: 'ABORT_ERR' })).toBe('relay_down');
		expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 421 })).toBe('relay_down');
		expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 550 })).toBe('permanent');
		expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 450 })).toBe('transient');
		expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 452 })).toBe('transient');
		expect(classifySmtpFailure({})).toBe('transient');
	});
});

describe('mail settings', () => {
	it('sends nothing unless VEZ_SMTP_URL is set, and writes from no-reply@localhost unless VEZ_MAIL_FROM says otherwise', () => {
		expect(readConfig({})).toMatchObject({ smtpUrl: null, mailFrom: 'Vez <no-reply@localhost>' });
		expect(readConfig({ VEZ_SMTP_URL: ' smtps://u:p@smtp.example.gov.br:465 ', VEZ_MAIL_FROM: 'Prefeitura <avisos@example.gov.br>' })).toMatchObject({
			smtpUrl: 'smtps://u:p@smtp.example.gov.br:465',
			mailFrom: 'Prefeitura <avisos@example.gov.br>'
		});
	});
});
