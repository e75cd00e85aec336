import type { TicketStatus } from './ticket';

export type TicketAction = 'call' | 'recall' | 'start' | 'finish' | 'no_show' | 'cancel' | 'transfer' | 'expire' | 'reactivate';

export const TICKET_ACTIONS: readonly TicketAction[] = [
	'call',
	'recall',
	'start',
	'finish',
	'no_show',
	'cancel',
	'transfer',
	'expire',
	'reactivate'
];

/**
 * Statuses a record never leaves; a transferred ticket lives on as a new waiting record in the
 * other service. A no-show or a cancellation can still be undone the same day (reactivate).
 */
export const TERMINAL_STATUSES: readonly TicketStatus[] = ['done', 'transferred', 'expired'];

export type TransitionResult =
	| { readonly ok: true; readonly next: TicketStatus }
	| { readonly ok: false; readonly code: 'invalid_transition'; readonly message: string };

interface Rule {
	readonly from: readonly TicketStatus[];
	readonly to: TicketStatus;
}

// finish is allowed from `called`: clerks often serve without pressing "start", and refusing
// the finish would lose the outcome; the use case then measures service time from the call.
// recall keeps the status; the use case counts it. transfer closes this record as
// `transferred` and the use case opens a new `waiting` one with the same number.
const RULES: Readonly<Record<TicketAction, Rule>> = {
	call: { from: ['waiting'], to: 'called' },
	recall: { from: ['called'], to: 'called' },
	start: { from: ['called'], to: 'serving' },
	finish: { from: ['called', 'serving'], to: 'done' },
	no_show: { from: ['called'], to: 'no_show' },
	cancel: { from: ['waiting', 'called'], to: 'cancelled' },
	transfer: { from: ['called', 'serving'], to: 'transferred' },
	expire: { from: ['waiting'], to: 'expired' },
	// The visitor who missed the call comes back, or a ticket was cancelled by mistake.
	reactivate: { from: ['no_show', 'cancelled'], to: 'waiting' }
};

const VERB: Readonly<Record<TicketAction, string>> = {
	call: 'call',
	recall: 'recall',
	start: 'start serving',
	finish: 'finish',
	no_show: 'mark as no-show',
	cancel: 'cancel',
	transfer: 'transfer',
	expire: 'expire',
	reactivate: 'reactivate'
};

/** True when no action leads out of the status. */
export function isTerminal(status: TicketStatus): boolean {
	return TERMINAL_STATUSES.includes(status);
}

/** The ticket life cycle of docs/api.md#ticket-statuses (waiting → called → serving → done and the side exits); anything else is a 409. */
export function transition(status: TicketStatus, action: TicketAction): TransitionResult {
	const rule = RULES[action];
	if (rule.from.includes(status)) return { ok: true, next: rule.to };
	return {
		ok: false,
		code: 'invalid_transition',
		message: `Cannot ${VERB[action]} a ticket that is ${status.replace('_', ' ')}; allowed from ${rule.from.join(' or ')}.`
	};
}

/** The actions the life cycle allows from a status, in a stable order (for the clerk's buttons). */
export function allowedActions(status: TicketStatus): readonly TicketAction[] {
	return TICKET_ACTIONS.filter((action) => RULES[action].from.includes(status));
}
