import type { MessageKind } from './notifier';

/** Ticket statuses after which nothing is sent to its visitor: the visit is over. */
export const VISIT_OVER: ReadonlySet<string> = new Set(['done', 'no_show', 'cancelled', 'expired']);

/**
 * Whether a dead visitor message may be tried again by hand: only while it would still be sent —
 * the visit is on, and a "near" only while the ticket waits (the sender drops it otherwise).
 */
export function mayRetryMessage(kind: MessageKind, ticketStatus: string): boolean {
	if (VISIT_OVER.has(ticketStatus)) return false;
	return kind !== 'near' || ticketStatus === 'waiting';
}

/**
 * A provider's error as staff screens show it: providers may quote the recipient, so phone
 * numbers (runs of 8 or more digits, spaced or not) and e-mail addresses are masked.
 */
export function withoutContacts(text: string): string {
	return text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '•••@•••').replace(/[+(]?\d(?:[\s().-]*\d){7,}/g, '•••');
}
