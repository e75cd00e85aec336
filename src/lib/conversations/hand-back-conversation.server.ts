import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { VezError } from '$lib/errors';
import type { ConversationState } from './machine';
import { BOT_TEXTS } from './texts';
import { CHAT_OUTBOUND, queueReplies } from './message-store.server';
import { updateConversation } from './conversation-store.server';
import { lockConversation } from './take-conversation.server';
import { publishConversation } from './publish.server';

/**
 * Ends the person's part: the bot answers the chat again from its menu, and says so to the
 * citizen. A chat held by someone else is theirs to hand back (an admin may too).
 */
export async function handBackConversation(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'conversation:handle');
	const now = deps.now();
	let told = false;
	await deps.db.transaction().execute(async (trx) => {
		const c = await lockConversation(trx, id);
		const admin = actor.kind === 'user' && actor.role === 'admin';
		if (c.status === 'agent' && !admin && (actor.kind !== 'user' || c.agentId !== actor.id)) throw new VezError('conflict', 'Another person is answering this conversation.');
		if (c.status === 'bot') return;
		const state: ConversationState = { ...c.state, step: { at: 'menu' }, pending: null };
		await updateConversation(trx, id, { status: 'bot', agentId: null, takenAt: null, waitingSince: null, state });
		const t = BOT_TEXTS[state.lang] ?? BOT_TEXTS['pt-BR'];
		await queueReplies(trx, id, [{ kind: 'text', body: `${t.humanBack}\n\n${t.menuHint}` }], now);
		await audit(trx, actor, 'conversation.hand_back', 'chat_conversation', id);
		told = true;
	});
	if (told) announceJobQueued(CHAT_OUTBOUND.kind);
	publishConversation(deps, id);
}
