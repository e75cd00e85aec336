import type { Deps } from '$lib/server/deps';
import type { RetryPolicy } from '$lib/jobs/retry';
import { failAttempt, finishJob } from '$lib/jobs/store.server';
import { startJobRunner } from '$lib/jobs/runner.server';
import { whatsappClient } from '$lib/notify/providers.server';
import { WHATSAPP_LANGUAGE } from '$lib/notify/templates';
import { isLang } from '$lib/i18n';
import { broadcastsByIds, cancelClaimedDelivery, CHAT_BROADCAST, claimNoticeDeliveries, subscribedPhones } from './broadcast-store.server';

/** A notice is worth minutes to hours: a few retries, then the dead letter (counted on /admin/avisos). */
const NOTICE_RETRY: RetryPolicy = { delaysSeconds: [10, 60, 300, 1800], jitter: 0.2 };
const LEASE_MS = 60_000;

export interface BroadcastPass {
	claimed: number;
	sent: number;
	retried: number;
	failed: number;
	cancelled: number;
}

/**
 * Sends the notices due now, at most the provider's rate in one pass. Their first sends were
 * spread one second per `rate` when queued, so several processes together keep to the rate too.
 * A contact who opted out (or was erased) since gets nothing: its delivery is cancelled.
 */
export async function sendBroadcastPass(deps: Deps): Promise<BroadcastPass> {
	const now = deps.now();
	const rate = deps.config.chat.broadcastPerSecond;
	const due = await claimNoticeDeliveries(deps.db, now, new Date(now.getTime() + LEASE_MS), rate);
	const report: BroadcastPass = { claimed: due.length, sent: 0, retried: 0, failed: 0, cancelled: 0 };
	if (due.length === 0) return report;
	const client = whatsappClient(deps.config.providers);
	const broadcasts = await broadcastsByIds(deps.db, [...new Set(due.map((d) => d.broadcastId))]);
	const phones = await subscribedPhones(deps.db, due.map((d) => d.contactId).filter((id): id is string => id !== null));
	for (const d of due) {
		const b = broadcasts.get(d.broadcastId)!;
		const to = d.contactId === null ? undefined : phones.get(d.contactId);
		if (!to) {
			if (await cancelClaimedDelivery(deps.db, d)) report.cancelled += 1;
			continue;
		}
		if (!client) {
			if (await finishJob(deps.db, CHAT_BROADCAST, d, { status: 'failed', error: 'WhatsApp is not configured' })) report.failed += 1;
			continue;
		}
		const outcome = await client.sendTemplate(to, { name: b.template, language: WHATSAPP_LANGUAGE[isLang(d.lang) ? d.lang : 'pt-BR'], bodyParams: b.params });
		const at = deps.now();
		if (outcome.ok) {
			if (await finishJob(deps.db, CHAT_BROADCAST, d, { status: 'done', at, set: { wa_message_id: outcome.providerMessageId } })) report.sent += 1;
			continue;
		}
		deps.log.warn('notice not sent', { delivery: d.id, status: outcome.status, verdict: outcome.verdict });
		const { next, recorded } = await failAttempt(deps.db, CHAT_BROADCAST, NOTICE_RETRY, d, { error: outcome.error, now: at, permanent: outcome.verdict !== 'retry' });
		if (recorded) report[next.status === 'failed' ? 'failed' : 'retried'] += 1;
	}
	return report;
}

/** Passes while a full one was claimed, each at least a second after the last began: the rate holds in one process even after a backlog. */
export async function drainBroadcasts(deps: Deps, pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<number> {
	let claimed = 0;
	for (let round = 0; round < 60; round++) {
		const began = Date.now();
		const r = await sendBroadcastPass(deps);
		claimed += r.claimed;
		if (r.claimed < deps.config.chat.broadcastPerSecond) break;
		await pause(Math.max(0, 1000 - (Date.now() - began)));
	}
	return claimed;
}

export function startBroadcastRunner(deps: Deps, intervalMs = 1000): () => Promise<void> {
	return startJobRunner({ kind: CHAT_BROADCAST.kind, intervalMs, log: deps.log, drain: () => drainBroadcasts(deps) });
}
