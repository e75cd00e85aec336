import type { Deps } from '$lib/server/deps';
import { clearRemoteContacts, clearWatchPersonalData } from './store.server';

/** How long after its issue an ended ticket's watch keeps the visitor's number. */
export const WATCH_RETENTION_HOURS = 24;

/** The hourly job: forgets the numbers (and remote tickets' e-mails) of visitors whose tickets are over. */
export async function forgetVisitorContacts(deps: Deps): Promise<number> {
	const now = deps.now();
	const before = new Date(now.getTime() - WATCH_RETENTION_HOURS * 3_600_000);
	return (await clearWatchPersonalData(deps.db, before, now)) + (await clearRemoteContacts(deps.db, before, now));
}
