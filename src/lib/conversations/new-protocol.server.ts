import type { Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import type { IdempotencyKey } from '$lib/server/idempotency.server';
import { openProtocol } from '$lib/requests/open-protocol.server';
import type { OpenedProtocol } from '$lib/requests/views';
import { protocolFormOptions } from '$lib/requests/protocol-form.server';
import { chatProtocolPrefill, openProtocolFromChat } from './protocol-from-chat.server';

/*
 * The staff's "Abrir protocolo" screen (/protocolos/novo). It sits here rather than in requests/
 * because a WhatsApp chat may be where it starts: conversations builds on requests (opening from a
 * chat is an opening like any other), and requests knows nothing of chats.
 */

/** The form's choices, and its fields filled in from the chat when the screen was opened from one (`null`: not from a chat). */
export async function newProtocolForm(deps: Deps, actor: Actor, conversation: string | null) {
	const options = await protocolFormOptions(deps, actor);
	return { ...options, chat: conversation === null ? null : await chatProtocolPrefill(deps, actor, conversation) };
}

/** Opens the form's protocol: for the citizen of the chat it came from, or as any other desk opening. */
export async function openNewProtocol(
	deps: Deps,
	actor: Actor,
	conversation: string | undefined,
	raw: Record<string, unknown>,
	origin: string,
	key: IdempotencyKey | null
): Promise<OpenedProtocol> {
	return conversation ? openProtocolFromChat(deps, actor, conversation, raw, origin, key) : openProtocol(deps, actor, raw, origin, key);
}
