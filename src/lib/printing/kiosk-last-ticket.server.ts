import type { Db } from '$lib/server/db/database';
import { requester } from './enqueue-print.server';
import { kioskMayReprint } from './print-jobs';
import { lastTicketOfKiosk } from './store.server';

/**
 * Whether this ticket is the one the kiosk printed last, a few minutes ago at most: all a kiosk may
 * follow or reprint, since anyone can tap it (kioskMayReprint).
 */
export async function kioskPrintedLast(db: Db, kiosk: { kind: 'device'; id: string }, ticketId: string, now: Date): Promise<boolean> {
	return kioskMayReprint(await lastTicketOfKiosk(db, requester(kiosk)), ticketId, now);
}
