import type { Deps } from '$lib/server/deps';
import type { RetryPolicy } from '$lib/jobs/retry';
import { failAttempt, finishJob } from '$lib/jobs/store.server';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import { whatsappClient } from '$lib/notify/providers.server';
import type { WhatsAppCloudClient } from '$lib/notify/whatsapp-cloud.server';
import type { SendOutcome } from '$lib/notify/notifier';
import { CHAT_OUTBOUND, claimReplies, type ChatMessage, type Outbound } from './message-store.server';
import { phoneOfConversation } from './conversation-store.server';

/** A chat reply is worth seconds to minutes: quick retries, then the dead letter. */
const REPLY_RETRY: RetryPolicy = { delaysSeconds: [2, 10, 60, 300], jitter: 0.2 };
const LEASE_MS = 60_000;
const BATCH = 30;

function send(client: WhatsAppCloudClient, to: string, r: Outbound): Promise<SendOutcome> {
	if (r.kind === 'template') return client.sendTemplate(to, { name: r.name, language: r.language, bodyParams: r.params });
	if (r.kind === 'text') return client.sendText(to, r.body.slice(0, 4096));
	if (r.kind === 'buttons') return client.sendInteractive(to, { type: 'button', body: r.body, footer: r.footer, buttons: r.buttons });
	return client.sendInteractive(to, { type: 'list', body: r.body, footer: r.footer, button: r.button, sections: [{ rows: r.rows }] });
}

/**
 * Sends the due replies once. A conversation's replies go one after the other in their order;
 * when one fails, the rest of that conversation waits for its retry, so a citizen never reads
 * the menu before the answer it follows.
 */
export async function sendChatReplies(deps: Deps, { limit = BATCH }: { limit?: number } = {}): Promise<{ claimed: number; sent: number; retried: number; failed: number }> {
	const now = deps.now();
	const due = await claimReplies(deps.db, now, new Date(now.getTime() + LEASE_MS), limit);
	const report = { claimed: due.length, sent: 0, retried: 0, failed: 0 };
	const client = whatsappClient(deps.config.providers);
	const byConversation = new Map<string, ChatMessage[]>();
	for (const m of due) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
	await Promise.all(
		[...byConversation.entries()].map(async ([conversationId, messages]) => {
			const to = await phoneOfConversation(deps.db, conversationId);
			let held: Date | null = null;
			for (const m of messages) {
				if (held) {
					await finishJob(deps.db, CHAT_OUTBOUND, m, { status: 'released', nextAttemptAt: held });
					continue;
				}
				if (!client || !to) {
					if (await finishJob(deps.db, CHAT_OUTBOUND, m, { status: 'failed', error: client ? 'the contact is gone' : 'WhatsApp is not configured' })) report.failed += 1;
					continue;
				}
				const outcome = await send(client, to, m.payload as Outbound);
				const at = deps.now();
				if (outcome.ok) {
					if (await finishJob(deps.db, CHAT_OUTBOUND, m, { status: 'done', at, set: { wa_message_id: outcome.providerMessageId, delivery: 'sent', delivery_at: at } })) report.sent += 1;
					continue;
				}
				deps.log.warn('chat reply failed', { message: m.id, status: outcome.status, verdict: outcome.verdict });
				const { next, recorded } = await failAttempt(deps.db, CHAT_OUTBOUND, REPLY_RETRY, m, { error: outcome.error, now: at, permanent: outcome.verdict !== 'retry' });
				if (next.status === 'failed') {
					if (recorded) report.failed += 1;
				} else {
					if (recorded) report.retried += 1;
					held = next.nextAttemptAt;
				}
			}
		})
	);
	return report;
}

export function drainChatReplies(deps: Deps) {
	return drainPasses(() => sendChatReplies(deps), (r) => r.claimed >= BATCH);
}

export function startChatReplyRunner(deps: Deps, intervalMs = 1000): () => Promise<void> {
	return startJobRunner({ kind: CHAT_OUTBOUND.kind, intervalMs, log: deps.log, drain: async () => (await drainChatReplies(deps)).claimed });
}
