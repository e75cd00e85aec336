import { orderQueue, type OrderingInput } from './ordering';
import type { QueueTicket } from './ticket';

/** Minutes a remote ticket may still arrive after it would have been called, unless the unit sets its own. */
export const DEFAULT_REMOTE_EXPIRE_MINUTES = 15;

/**
 * The people ahead of a remote ticket not yet arrived, were it to arrive now: it keeps the place
 * it took (its arrival time is when it was taken), so this is its place in the order projected
 * with it callable. Null when the ticket is not waiting in one of the counter's services.
 */
export function aheadIfArrived(input: OrderingInput, ticketId: string): number | null {
	const waiting = input.waiting.map((t) => (t.id === ticketId && t.awaitingArrival ? { ...t, awaitingArrival: false } : t));
	const index = orderQueue({ ...input, waiting }).findIndex((p) => p.ticket.id === ticketId);
	return index === -1 ? null : index;
}

/**
 * Whether calling `called` means `remote` would have been called by now had its visitor been
 * there: a later ticket of the same service and lane (priority or not, walk-in) of no higher
 * weight was called. Under the ordering policy the remote one goes first in that case, whatever
 * the interleave ratio, so the call passed it over. The store runs the same rule in SQL.
 */
export function passedBy(remote: QueueTicket, called: QueueTicket): boolean {
	if (remote.serviceCode !== called.serviceCode) return false;
	if (remote.appointmentAt !== null || called.appointmentAt !== null) return false;
	if (remote.priorityWeight > 0 !== called.priorityWeight > 0) return false;
	if (called.priorityWeight > remote.priorityWeight) return false;
	const r = remote.arrivedAt.getTime();
	const c = called.arrivedAt.getTime();
	return c > r || (c === r && called.id > remote.id);
}

/** A remote ticket not arrived expires this many minutes after it would have been called. */
export function remoteExpired(passedAt: Date | null, now: Date, expireMinutes: number): boolean {
	return passedAt !== null && now.getTime() >= passedAt.getTime() + expireMinutes * 60_000;
}
