import { describe, expect, it } from 'vitest';
import {
	TERMINAL_STATUSES,
	TICKET_ACTIONS,
	allowedActions,
	isTerminal,
	transition,
	type TicketAction
} from '$lib/queue/state-machine';
import { TICKET_STATUSES, type TicketStatus } from '$lib/queue/ticket';

// The whole life cycle: every (status, action) pair not listed here is a 409.
const ALLOWED: readonly [TicketStatus, TicketAction, TicketStatus][] = [
	['waiting', 'call', 'called'],
	['called', 'recall', 'called'],
	['called', 'start', 'serving'],
	['serving', 'finish', 'done'],
	['called', 'finish', 'done'],
	['called', 'no_show', 'no_show'],
	['waiting', 'cancel', 'cancelled'],
	['called', 'cancel', 'cancelled'],
	['called', 'transfer', 'transferred'],
	['serving', 'transfer', 'transferred'],
	['waiting', 'expire', 'expired'],
	['no_show', 'reactivate', 'waiting'],
	['cancelled', 'reactivate', 'waiting']
];

describe('transition', () => {
	it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
		expect(transition(from, action)).toEqual({ ok: true, next: to });
	});

	const forbidden = TICKET_STATUSES.flatMap((status) =>
		TICKET_ACTIONS.filter((action) => !ALLOWED.some(([f, a]) => f === status && a === action)).map(
			(action) => [status, action] as const
		)
	);

	it.each(forbidden)('refuses %s --%s-->', (status, action) => {
		const result = transition(status, action);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.code).toBe('invalid_transition');
			expect(result.message.length).toBeGreaterThan(0);
		}
	});

	it('explains a finish on a ticket that was never called', () => {
		expect(transition('waiting', 'finish')).toEqual({
			ok: false,
			code: 'invalid_transition',
			message: 'Cannot finish a ticket that is waiting; allowed from called or serving.'
		});
	});
});

describe('terminal statuses', () => {
	it('are done, transferred and expired: a no-show or a cancellation can be undone', () => {
		expect([...TERMINAL_STATUSES].sort()).toEqual(['done', 'expired', 'transferred']);
	});

	it('allow no action at all, and every other status allows some', () => {
		for (const status of TICKET_STATUSES) {
			expect(allowedActions(status).length === 0).toBe(isTerminal(status));
		}
	});
});

describe('allowedActions', () => {
	it('lists what the clerk can do with a called ticket', () => {
		expect(allowedActions('called')).toEqual(['recall', 'start', 'finish', 'no_show', 'cancel', 'transfer']);
	});

	it('agrees with transition for every pair', () => {
		for (const status of TICKET_STATUSES)
			for (const action of TICKET_ACTIONS)
				expect(allowedActions(status).includes(action)).toBe(transition(status, action).ok);
	});
});
