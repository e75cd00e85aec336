import type { Deps } from '$lib/server/deps';
import type { RetryPolicy } from '$lib/jobs/retry';
import { failAttempt, finishJob, type JobColumns } from '$lib/jobs/store.server';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import type { Channel } from './notifier';
import { notifiers } from './providers.server';
import { VISIT_OVER } from './dead-letter';
import { reminderTarget } from '$lib/appointments/store.server';
import { claimMessages, dropMessage, forgetPushSubscription, sendContext, VISITOR_MESSAGES, type OutboxMessage } from './store.server';

/**
 * A visitor's message is worth something for minutes, not hours: a few quick retries, then the
 * dead letter the manager's report counts.
 */
export const VISITOR_MESSAGE_RETRY: RetryPolicy = { delaysSeconds: [5, 30, 120, 600], jitter: 0.2 };

/** Longer than a batch can take: each send is cut at the provider timeout (10 s) and they run side by side. */
const LEASE_MS = 60_000;
const BATCH = 20;

export interface SendReport {
	claimed: number;
	sent: number;
	retried: number;
	failed: number;
	dropped: number;
}

/** Where a claimed message goes, or why it must not go out any more. */
async function targetOf(deps: Deps, m: OutboxMessage): Promise<{ drop: string } | { to: string | null }> {
	if (m.appointmentId !== null) {
		// A reminder is owed only while the appointment is booked: never after a cancel, check-in or no-show.
		const a = await reminderTarget(deps.db, m.appointmentId);
		if (!a || a.status !== 'booked') return { drop: `the appointment is ${a?.status ?? 'gone'}` };
		if (a.startAt.getTime() <= deps.now().getTime()) return { drop: 'the appointment time has passed' };
		return { to: a.phone };
	}
	const context = m.watchId === null ? undefined : await sendContext(deps.db, m.watchId);
	if (!context || (context.stoppedAt !== null && m.kind === 'near')) return { drop: 'the visitor stopped the notifications' };
	if (VISIT_OVER.has(context.ticketStatus)) return { drop: `the ticket is ${context.ticketStatus}` };
	if (m.kind === 'near' && context.ticketStatus !== 'waiting') return { drop: 'the ticket was called already' };
	if (context.stoppedAt !== null) return { drop: 'the visitor stopped the notifications' };
	return { to: m.channel === 'webpush' ? (context.pushSubscription ? JSON.stringify(context.pushSubscription) : null) : context.phone };
}

async function sendOne(deps: Deps, m: OutboxMessage, report: SendReport): Promise<void> {
	const target = await targetOf(deps, m);
	if ('drop' in target) {
		if (await dropMessage(deps.db, m, target.drop)) report.dropped += 1;
		return;
	}
	const to = target.to;
	const notifier = notifiers(deps.config.providers)[m.channel as Channel];
	const failed = async (error: string, permanent: boolean, set?: JobColumns) => {
		const { next, recorded } = await failAttempt(deps.db, VISITOR_MESSAGES, VISITOR_MESSAGE_RETRY, m, { error, permanent, set, now: deps.now() });
		if (recorded) report[next.status === 'failed' ? 'failed' : 'retried'] += 1;
	};
	const fail = (error: string) => failed(error, true);
	if (!to) return fail('no address left for this watch');
	if (!notifier) return fail(`no provider configured for ${m.channel}`);
	const outcome = await notifier.send(to, m.message);
	const now = deps.now();
	if (outcome.ok) {
		if (await finishJob(deps.db, VISITOR_MESSAGES, m, { status: 'done', at: now, set: { provider: notifier.provider, provider_message_id: outcome.providerMessageId } })) report.sent += 1;
		return;
	}
	// The provider's words may quote the recipient; the log gets the status and kind only.
	deps.log.warn('visitor message failed', { message: m.id, kind: m.kind, channel: m.channel, provider: notifier.provider, status: outcome.status, verdict: outcome.verdict });
	if (outcome.verdict === 'gone' && m.watchId !== null) await forgetPushSubscription(deps.db, m.watchId, now);
	return failed(outcome.error, outcome.verdict !== 'retry', { provider: notifier.provider });
}

/** Sends the due messages once, side by side; safe in several processes at once (each claims its own). */
export async function sendVisitorMessages(deps: Deps, { limit = BATCH }: { limit?: number } = {}): Promise<SendReport> {
	const now = deps.now();
	const due = await claimMessages(deps.db, now, new Date(now.getTime() + LEASE_MS), limit);
	const report: SendReport = { claimed: due.length, sent: 0, retried: 0, failed: 0, dropped: 0 };
	await Promise.all(due.map((m) => sendOne(deps, m, report)));
	return report;
}

export function drainVisitorMessages(deps: Deps): Promise<SendReport> {
	return drainPasses(() => sendVisitorMessages(deps), (r) => r.claimed >= BATCH);
}

/** Sends as soon as this process queues a message, and every `intervalMs` for retries and other processes' work. */
export function startVisitorMessageRunner(deps: Deps, intervalMs = 1000): () => Promise<void> {
	return startJobRunner({ kind: VISITOR_MESSAGES.kind, intervalMs, log: deps.log, drain: async () => (await drainVisitorMessages(deps)).claimed });
}
