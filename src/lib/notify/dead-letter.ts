import type { MessageKind } from './notifier';

/** Ticket statuses after which nothing is sent to its visitor: the visit is over. */
export const VISIT_OVER: ReadonlySet<string> = new Set(['done', 'no_show', 'cancelled', 'expired']);

/** What a dead message was about: a ticket's visit, or an appointment its reminder was for. */
export type MessageSubject = { readonly ticketStatus: string } | { readonly appointmentStatus: string; readonly startsAt: Date };

/**
 * Whether a dead visitor message may be tried again by hand: only while it would still be sent —
 * the visit is on, and a "near" only while the ticket waits; a reminder only while its appointment
 * is booked and ahead (the sender drops it otherwise).
 */
export function mayRetryMessage(kind: MessageKind, subject: MessageSubject, now: Date): boolean {
	if ('appointmentStatus' in subject) return subject.appointmentStatus === 'booked' && subject.startsAt.getTime() > now.getTime();
	if (VISIT_OVER.has(subject.ticketStatus)) return false;
	return kind !== 'near' || subject.ticketStatus === 'waiting';
}

/**
 * A provider's error as staff screens show it: providers may quote the recipient, so phone
 * numbers (runs of 8 or more digits, spaced or not) and e-mail addresses are masked.
 */
export function withoutContacts(text: string): string {
	return text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '•••@•••').replace(/[+(]?\d(?:[\s().-]*\d){7,}/g, '•••');
}
