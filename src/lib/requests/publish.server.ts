import type { Deps } from '$lib/server/deps';
import type { InboxPayload } from '$lib/queue/events';

/**
 * Tells the staff watching these organs' inboxes (room `inbox:<organ code>`) that a protocol
 * arrived, moved or changed status; called after the commit, so a screen that reloads finds it.
 * Only the number and status go out: the screen reloads what its reader may see.
 */
export function publishInbox(deps: Deps, organCodes: readonly string[], payload: InboxPayload): void {
	for (const code of new Set(organCodes)) deps.realtime.emit(`inbox:${code}`, 'inbox', payload);
}
