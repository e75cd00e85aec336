import { orderQueue, type OrderingSettings, type RecentCall } from '$lib/queue/ordering';
import type { QueueTicket } from '$lib/queue/ticket';

export interface AheadInput {
	readonly waiting: readonly QueueTicket[];
	readonly settings: OrderingSettings;
	readonly recentCalls: readonly RecentCall[];
	readonly now: Date;
	readonly appointmentGraceMinutes?: number;
}

/**
 * People ahead of each waiting ticket in its service's projected call order, as the ordering
 * policy decides it — the very place the ticket page shows, so a priority ticket that jumps the
 * queue is near at once and one pushed back by it is not told twice.
 */
export function peopleAhead(input: AheadInput): Map<string, number> {
	const out = new Map<string, number>();
	for (const code of new Set(input.waiting.map((t) => t.serviceCode))) {
		const order = orderQueue({ ...input, counterServices: [code] });
		order.forEach((pick, index) => out.set(pick.ticket.id, index));
	}
	return out;
}

export interface WatchState {
	/** The visitor's threshold: tell me when this many people or fewer are ahead. */
	readonly ahead: number;
	readonly nearQueued: boolean;
	readonly stopped: boolean;
}

/**
 * "Your turn is near" is due once, while the ticket waits, when the people ahead are the
 * visitor's threshold or fewer — at opt-in already, if so. A ticket no longer waiting (called,
 * served, cancelled, a no-show) has no place (`undefined`) and is never told it is near.
 */
export function nearDue(watch: WatchState, ahead: number | undefined): boolean {
	return !watch.nearQueued && !watch.stopped && ahead !== undefined && ahead <= watch.ahead;
}
