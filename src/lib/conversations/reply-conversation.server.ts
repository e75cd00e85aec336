import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { CHAT_OUTBOUND, queueReplies } from './message-store.server';
import { lockConversation } from './take-conversation.server';
import { windowOpen } from './inbox.server';
import { publishConversation } from './publish.server';

export const ReplyInput = z.object({ text: z.string().trim().min(1).max(4096) });

/**
 * The agent's answer, through the same outbox and Cloud API client as the bot's. Only the person
 * holding the chat answers, and only inside Meta's 24-hour window after the citizen's last
 * message: outside it WhatsApp accepts only an approved template (409 `window_closed`).
 */
export async function replyToConversation(deps: Deps, actor: Actor, id: string, raw: unknown): Promise<void> {
	authorize(actor, 'conversation:handle');
	const user = requireUser(actor);
	const input = parse(ReplyInput, raw);
	const now = deps.now();
	await deps.db.transaction().execute(async (trx) => {
		const c = await lockConversation(trx, id);
		if (c.status !== 'agent' || c.agentId !== user.id) throw new VezError('conflict', 'Take the conversation before answering it.');
		if (!windowOpen(c.lastInboundAt, now)) {
			throw new VezError('window_closed', "More than 24 hours since the citizen's last message: WhatsApp takes only an approved template now.");
		}
		await queueReplies(trx, id, [{ kind: 'text', body: input.text }], now, { author: 'agent', agentId: user.id });
	});
	announceJobQueued(CHAT_OUTBOUND.kind);
	publishConversation(deps, id);
}
