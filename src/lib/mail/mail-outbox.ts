import { maxAttempts, type RetryPolicy } from '../jobs/retry.js';

/** `sending` is a claimed mail: a runner holds it until its lease runs out. */
export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';

/**
 * Seconds to wait after the n-th failed attempt. An SMTP relay that refuses or times out is
 * usually restarting or greylisting (which asks for a retry after a few minutes); after about
 * seven hours of trying a notice is stale and an administrator should look at the outbox.
 */
export const MAIL_RETRY_DELAYS_SECONDS = [30, 120, 600, 3600, 21_600] as const;
/** No jitter: mails go to one relay, and once it proves down the runner already holds back the whole batch. */
export const MAIL_RETRY: RetryPolicy = { delaysSeconds: MAIL_RETRY_DELAYS_SECONDS, jitter: 0 };
export const MAIL_MAX_ATTEMPTS = maxAttempts(MAIL_RETRY);

/**
 * Whether an SMTP reply refuses the mail for good: RFC 5321 §4.2.1 makes 5yz permanent and 4yz
 * transient, except 503 (bad sequence of commands), a session in the wrong state that a new
 * connection can get past. No reply at all (refused, timed out) is always worth retrying.
 */
export function isPermanentSmtpFailure(responseCode: number | undefined | null): boolean {
	return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && responseCode !== 503;
}

/** Error codes nodemailer gives when the relay could not be reached or dropped the connection. */
const RELAY_DOWN_CODES: ReadonlySet<string> = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ABORT_ERR']);

/**
 * What a failed send says: `permanent` — the relay refused this mail for good; `relay_down` — the
 * relay is unreachable or closing (421 "service not available"), so every mail waiting would
 * fail the same way; `transient` — this mail, this time (4xx greylisting, a full mailbox).
 */
export function classifySmtpFailure(error: { code?: string | null; responseCode?: number | null }): 'permanent' | 'relay_down' | 'transient' {
	if (isPermanentSmtpFailure(error.responseCode)) return 'permanent';
	if (error.responseCode === 421) return 'relay_down';
	if (typeof error.responseCode !== 'number' && error.code && RELAY_DOWN_CODES.has(error.code)) return 'relay_down';
	return 'transient';
}
