import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { cleanParam, WHATSAPP_LANGUAGE } from '$lib/notify/templates';
import { isLang } from '$lib/i18n';
import { BOT_TEXTS } from './texts';
import { CHAT_OUTBOUND, queueReplies } from './message-store.server';
import { conversationById } from './conversation-store.server';
import { lockConversation } from './take-conversation.server';
import { windowOpen } from './inbox.server';
import { publishConversation } from './publish.server';

/** The approved template that asks the citizen to answer (docs/whatsapp-templates.md). */
export const REOPEN_TEMPLATE = 'vez_chat_reopen';

/**
 * Outside Meta's 24-hour window an agent's free text is refused; this sends the approved template
 * that asks the citizen to write back instead, in the citizen's language, with their name. When
 * they answer, the window is open again. Only the person holding the chat sends it, and only while
 * the window is closed (inside it, an ordinary reply does better). Audited.
 */
export async function reopenConversation(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'conversation:handle');
	const user = requireUser(actor);
	const now = deps.now();
	await deps.db.transaction().execute(async (trx) => {
		const c = await lockConversation(trx, id);
		if (c.status !== 'agent' || c.agentId !== user.id) throw new VezError('conflict', 'Take the conversation before answering it.');
		if (windowOpen(c.lastInboundAt, now)) throw new VezError('conflict', 'The citizen wrote within 24 hours: answer freely.', { window: 'open' });
		const { contact } = (await conversationById(trx, id))!;
		const lang = isLang(contact.lang) ? contact.lang : 'pt-BR';
		const name = contact.name ?? BOT_TEXTS[lang].citizen;
		await queueReplies(trx, id, [{ kind: 'template', name: REOPEN_TEMPLATE, language: WHATSAPP_LANGUAGE[lang], params: [cleanParam(name)] }], now, { author: 'agent', agentId: user.id });
		await audit(trx, actor, 'conversation.reopen', 'chat_conversation', id, { template: REOPEN_TEMPLATE });
	});
	announceJobQueued(CHAT_OUTBOUND.kind);
	publishConversation(deps, id);
}
