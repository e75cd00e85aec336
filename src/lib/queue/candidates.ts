import type { QueuePick } from './ordering';
import { isPriority, type QueueTicket } from './ticket';

/**
 * A counter's call needs only the head of the queue, not the whole of it: every lane of the
 * ordering policy is consumed in its own order (priority by weight then arrival, normal by
 * arrival), so the first picks come from the first few walk-ins of each lane plus the
 * appointments (few, and due ones jump the lanes). The store reads that much; this says how
 * far the order projected from it is exact.
 */
export interface Candidates {
	readonly tickets: readonly QueueTicket[];
	/** How many walk-ins were read per lane at most. */
	readonly perLane: number;
	/** Whether a lane had more walk-ins than were read. */
	readonly truncated: { readonly priority: boolean; readonly normal: boolean };
}

const isWalkIn = (t: QueueTicket) => t.appointmentAt === null;

/**
 * The number of leading picks of `order` (projected from `candidates`) that the whole queue
 * would make the same: up to and including the last read walk-in of a truncated lane. Beyond
 * it, an unread walk-in of that lane could come next.
 */
export function exactPrefix(order: readonly QueuePick[], candidates: Candidates): number {
	const seen = { priority: 0, normal: 0 };
	for (let i = 0; i < order.length; i++) {
		const t = order[i].ticket;
		if (!isWalkIn(t)) continue;
		const lane = isPriority(t) ? 'priority' : 'normal';
		seen[lane]++;
		if (candidates.truncated[lane] && seen[lane] >= candidates.perLane) return i + 1;
	}
	return order.length;
}
