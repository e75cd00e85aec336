/** Every state a ticket record can be in (docs/api.md#ticket-statuses: waiting → called → serving → done, plus the side exits). */
export type TicketStatus =
	| 'waiting'
	| 'called'
	| 'serving'
	| 'done'
	| 'no_show'
	| 'cancelled'
	| 'transferred'
	| 'expired';

export const TICKET_STATUSES: readonly TicketStatus[] = [
	'waiting',
	'called',
	'serving',
	'done',
	'no_show',
	'cancelled',
	'transferred',
	'expired'
];

/**
 * Whether a string can be a ticket's public id (128 random bits, base64url; a little slack either
 * way): anything else is "no such ticket" before any query, never an error of the database.
 */
export function isPublicId(value: string): boolean {
	return /^[A-Za-z0-9_-]{16,64}$/.test(value);
}

/** A ticket as the queue policy sees it: what it needs to order, and nothing about the person. */
export interface QueueTicket {
	readonly id: string;
	/** Display number, e.g. `A001`; a transferred ticket keeps it. */
	readonly number: string;
	readonly serviceCode: string;
	/** Priority group code; `normal` has weight 0. */
	readonly priorityCode: string;
	/** Legal precedence of the group (80+ > other legal groups > blood donors > normal = 0). */
	readonly priorityWeight: number;
	/** Original arrival: the FIFO key. Kept across a transfer unless the clerk sends the ticket to the end. */
	readonly arrivedAt: Date;
	/** When the ticket entered the queue it is in now (issue or transfer). */
	readonly enqueuedAt: Date;
	/** Appointment time of a checked-in appointment, else null. */
	readonly appointmentAt: Date | null;
	readonly status: TicketStatus;
	/**
	 * A remote ticket whose visitor has not checked in yet: it keeps its place (its `arrivedAt`
	 * is when it was taken) but is never called, nor counted ahead of anyone, until it arrives.
	 */
	readonly awaitingArrival?: boolean;
}

/** Whether the ordering may call the ticket now: waiting, and its visitor is in the unit. */
export function isCallable(ticket: Pick<QueueTicket, 'status' | 'awaitingArrival'>): boolean {
	return ticket.status === 'waiting' && ticket.awaitingArrival !== true;
}

/** Lei 10.048/2000: any group with a weight above the normal one (0) is a priority group. */
export function isPriority(ticket: Pick<QueueTicket, 'priorityWeight'>): boolean {
	return ticket.priorityWeight > 0;
}
