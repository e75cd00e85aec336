import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import type { Db } from '$lib/server/db/database';
import { audit } from '$lib/audit/audit.server';
import { isUuid } from '$lib/server/http/validate';
import type { ConversationState } from './machine';
import { publishConversation } from './publish.server';
import { conversationForUpdate, updateConversation, type LockedConversation } from './conversation-store.server';

/** The conversation row, locked for this transaction; `not_found` for an unknown id. */
export async function lockConversation(trx: Db, id: string): Promise<LockedConversation> {
	const c = isUuid(id) ? await conversationForUpdate(trx, id) : undefined;
	if (!c) throw new VezError('not_found', 'No such conversation.');
	return c;
}

/**
 * An agent takes a chat: from then on the bot stays silent there (but for the citizen's "menu"
 * and "sair") and the agent answers. One person at a time: a chat someone else holds is a 409.
 */
export async function takeConversation(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'conversation:handle');
	const user = requireUser(actor);
	const now = deps.now();
	await deps.db.transaction().execute(async (trx) => {
		const c = await lockConversation(trx, id);
		if (c.status === 'agent' && c.agentId !== user.id) throw new VezError('conflict', 'Another person is answering this conversation.');
		const state: ConversationState = { ...c.state, step: { at: 'human' }, pending: null };
		await updateConversation(trx, id, { status: 'agent', agentId: user.id, takenAt: now, state });
		await audit(trx, actor, 'conversation.take', 'chat_conversation', id);
	});
	publishConversation(deps, id);
}
