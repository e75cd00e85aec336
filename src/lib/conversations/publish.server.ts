import type { Deps } from '$lib/server/deps';

/** The agents' room: every conversation's changes, as a hint to fetch the inbox again (no personal data). */
export const CONVERSATIONS_ROOM = 'conversations:whatsapp';

export function publishConversation(deps: Deps, conversationId: string): void {
	deps.realtime.emit(CONVERSATIONS_ROOM, 'conversation', { id: conversationId });
}
