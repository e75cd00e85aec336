import { DateTime } from 'luxon';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { retentionMonths } from '$lib/citizens/retention.server';
import { forgetChatsBefore } from './contact-store.server';

/** What the bot's LGPD notice promises: chats are kept at most a year (texts.ts, `consent`). */
export const CHAT_MAX_MONTHS = 12;

/**
 * The chats' retention (LGPD art. 15–16): the city's period when one is set, never more than the
 * year the consent notice promised. A contact silent for that long goes with its conversation and
 * messages; older messages of contacts still talking go too. Protocols opened from a chat keep
 * their own retention. Idempotent deletes: two processes running it at once just split the work.
 */
export async function forgetOldChats(deps: Deps): Promise<{ contacts: number; messages: number }> {
	const months = Math.min(CHAT_MAX_MONTHS, (await retentionMonths(deps.db)) ?? CHAT_MAX_MONTHS);
	const before = DateTime.fromJSDate(deps.now(), { zone: 'utc' }).minus({ months }).toJSDate();
	return deps.db.transaction().execute(async (trx) => {
		const out = await forgetChatsBefore(trx, before);
		if (out.contacts || out.messages) await audit(trx, 'system:retention', 'retention.forget', 'chat', 'batch', { ...out, before: before.toISOString() });
		return out;
	});
}
