import type { Deps } from '$lib/server/deps';
import { classifySmtpFailure, MAIL_RETRY, MAIL_RETRY_DELAYS_SECONDS } from '$lib/mail/mail-outbox';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import { failAttempt } from '$lib/jobs/store.server';
import { claimDueMails, finishMail, MAIL_OUTBOX } from './store.server';
import { smtpFailure, type MailTransport } from './transport.server';

/** One send, from connecting to the relay's "250 queued", may take this long before it is abandoned. */
const SEND_DEADLINE_MS = 45_000;
const BATCH = 5;
/**
 * How long a claimed mail belongs to its runner: longer than a whole batch can take (each send
 * is cut off at SEND_DEADLINE_MS), so a live runner never has a mail claimed away and sent a
 * second time by another; a dead runner's mails come back after it.
 */
const LEASE_MS = BATCH * SEND_DEADLINE_MS + 60_000;

export interface MailRunOptions {
	limit?: number;
	/** Cut-off of one send; tests shorten it. */
	deadlineMs?: number;
}

export interface MailRunReport {
	claimed: number;
	sent: number;
	retried: number;
	failed: number;
}

/**
 * Sends the due mails of the outbox once. Safe in several processes at once: each claims its own
 * mails (SKIP LOCKED) and only the runner holding a claim records its result. Mails go out one at
 * a time in enqueue order; once the relay proves unreachable, the rest of the batch is put back
 * untried instead of each waiting for its own timeout.
 */
export async function sendMails(deps: Deps, transport: MailTransport, options: MailRunOptions = {}): Promise<MailRunReport> {
	const limit = Math.min(options.limit ?? BATCH, BATCH);
	const now = deps.now();
	const mails = await claimDueMails(deps.db, now, new Date(now.getTime() + LEASE_MS), limit);
	const report: MailRunReport = { claimed: mails.length, sent: 0, retried: 0, failed: 0 };

	for (let i = 0; i < mails.length; i++) {
		const mail = mails[i];
		try {
			await transport.sendMail({
				from: deps.config.mailFrom,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				...(mail.html ? { html: mail.html } : {}),
				signal: AbortSignal.timeout(options.deadlineMs ?? SEND_DEADLINE_MS)
			});
		} catch (e) {
			const failure = smtpFailure(e);
			const kind = classifySmtpFailure(failure);
			const { next } = await failAttempt(deps.db, MAIL_OUTBOX, MAIL_RETRY, mail, { error: failure.message, now: deps.now(), permanent: kind === 'permanent' });
			if (next.status === 'failed') {
				deps.log.warn('mail failed', { mail: mail.id, kind: mail.kind, attempts: mail.attempts, error: failure.message });
				report.failed += 1;
			} else {
				deps.log.info('mail will be retried', { mail: mail.id, attempts: mail.attempts, at: next.nextAttemptAt.toISOString(), error: failure.message });
				report.retried += 1;
			}
			if (kind === 'relay_down') {
				const wait = new Date(deps.now().getTime() + MAIL_RETRY_DELAYS_SECONDS[0] * 1000);
				for (const rest of mails.slice(i + 1)) await finishMail(deps.db, rest, { status: 'released', nextAttemptAt: wait });
				break;
			}
			continue;
		}
		// Sent: from here on a failure to record it must not count as a failed send, or the mail would go twice.
		await finishMail(deps.db, mail, { status: 'done', at: deps.now() });
		report.sent += 1;
	}
	return report;
}

/** Runs batches until the due mails are gone (or a bound is reached), so a burst does not trickle out a batch per tick. */
export async function drainMails(deps: Deps, transport: MailTransport, options: MailRunOptions = {}): Promise<MailRunReport> {
	const limit = Math.min(options.limit ?? BATCH, BATCH);
	return drainPasses(() => sendMails(deps, transport, { ...options, limit }), (r) => r.claimed >= limit && r.sent > 0);
}

/** Sends the outbox every `intervalMs` and, between ticks, as soon as this process queues a mail. */
export function startMailRunner(deps: Deps, transport: MailTransport, intervalMs = 5_000): () => Promise<void> {
	return startJobRunner({ kind: MAIL_OUTBOX.kind, intervalMs, log: deps.log, drain: async () => (await drainMails(deps, transport)).claimed });
}
