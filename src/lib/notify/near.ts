import { orderQueue, type OrderingSettings, type RecentCall } from '$lib/queue/ordering';
import type { QueueTicket } from '$lib/queue/ticket';
import { aheadIfArrived } from '$lib/queue/remote';

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
 * queue is near at once and one pushed back by it is not told twice. A remote ticket not yet
 * arrived counts the people ahead of the place it keeps: "near" is its visitor's cue to come.
 */
export function peopleAhead(input: AheadInput): Map<string, number> {
	const out = new Map<string, number>();
	for (const code of new Set(input.waiting.map((t) => t.serviceCode))) {
		const ordering = { ...input, counterServices: [code] };
		const order = orderQueue(ordering);
		order.forEach((pick, index) => out.set(pick.ticket.id, index));
		for (const t of input.waiting) {
			if (!t.awaitingArrival || t.serviceCode !== code) continue;
			const ahead = aheadIfArrived(ordering, t.id);
			if (ahead !== null) out.set(t.id, ahead);
		}
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
