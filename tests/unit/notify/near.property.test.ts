import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickNext, type OrderingSettings, type RecentCall } from '../../../src/lib/queue/ordering';
import type { QueueTicket } from '../../../src/lib/queue/ticket';
import { nearDue, peopleAhead } from '../../../src/lib/notify/near';

const T0 = Date.parse('2026-03-02T12:00:00Z');
const SERVICES = ['iptu', 'alvara'] as const;

type Op =
	| { op: 'issue'; service: (typeof SERVICES)[number]; weight: number; watch: number | null }
	| { op: 'call'; services: string[] }
	| { op: 'cancel'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ op: fc.constant('issue' as const), service: fc.constantFrom(...SERVICES), weight: fc.constantFrom(0, 0, 0, 10, 20), watch: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 2 }) }) },
	{ weight: 2, arbitrary: fc.record({ op: fc.constant('call' as const), services: fc.subarray([...SERVICES], { minLength: 1 }) }) },
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) }
);
const settingsArb: fc.Arbitrary<OrderingSettings> = fc.oneof(
	fc.constant({ mode: 'strict' as const }),
	fc.record({ mode: fc.constant('ratio' as const), priorityCalls: fc.integer({ min: 1, max: 3 }), normalCalls: fc.integer({ min: 1, max: 3 }) })
);

interface Watch {
	ticketId: string;
	ahead: number;
	nearQueued: boolean;
	nearStep: number | null;
	sends: number;
	calledStep: number | null;
	aheadWhenIssued: number;
}

/** Plays a day of issues, calls and cancellations, evaluating every watch after each step as the dispatcher does. */
function play(ops: readonly Op[], settings: OrderingSettings) {
	const tickets: QueueTicket[] = [];
	const watches: Watch[] = [];
	let recent: RecentCall[] = [];
	ops.forEach((o, step) => {
		const now = new Date(T0 + step * 60_000);
		if (o.op === 'issue') {
			const id = `t${String(tickets.length).padStart(3, '0')}`;
			tickets.push({ id, number: id, serviceCode: o.service, priorityCode: o.weight ? `p${o.weight}` : 'normal', priorityWeight: o.weight, arrivedAt: now, enqueuedAt: now, appointmentAt: null, status: 'waiting' });
			if (o.watch !== null) watches.push({ ticketId: id, ahead: o.watch, nearQueued: false, nearStep: null, sends: 0, calledStep: null, aheadWhenIssued: -1 });
		} else if (o.op === 'call') {
			const pick = pickNext({ waiting: tickets, counterServices: o.services, settings, recentCalls: recent, now });
			if (pick.ok) {
				const i = tickets.findIndex((t) => t.id === pick.ticket.id);
				tickets[i] = { ...tickets[i], status: 'called' };
				recent = [{ priority: pick.ticket.priorityWeight > 0 }, ...recent].slice(0, 20);
				for (const w of watches) if (w.ticketId === pick.ticket.id) w.calledStep = step;
			}
		} else {
			const waiting = tickets.filter((t) => t.status === 'waiting');
			if (waiting.length) {
				const victim = waiting[o.pick % waiting.length];
				tickets[tickets.indexOf(victim)] = { ...victim, status: 'cancelled' };
			}
		}
		const ahead = peopleAhead({ waiting: tickets.filter((t) => t.status === 'waiting'), settings, recentCalls: recent, now });
		for (const w of watches) {
			if (o.op === 'issue' && w.aheadWhenIssued === -1) w.aheadWhenIssued = ahead.get(w.ticketId) ?? -2;
			if (nearDue({ ahead: w.ahead, nearQueued: w.nearQueued, stopped: false }, ahead.get(w.ticketId))) {
				w.nearQueued = true;
				w.nearStep = step;
				w.sends += 1;
			}
		}
	});
	return { watches, tickets };
}

describe('the "near" rule under the ordering policy', () => {
	const run = (check: (r: ReturnType<typeof play>) => void) =>
		fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), settingsArb, (ops, settings) => check(play(ops, settings))), { numRuns: 300 });

	it('sends "near" at most once per watch', () => {
		run(({ watches }) => {
			for (const w of watches) expect(w.sends).toBeLessThanOrEqual(1);
		});
	});

	it('never sends "near" after the ticket was called', () => {
		run(({ watches }) => {
			for (const w of watches) if (w.nearStep !== null && w.calledStep !== null) expect(w.nearStep).toBeLessThan(w.calledStep);
		});
	});

	it('has told every watched ticket it is near before it is called (it was next, at the latest)', () => {
		run(({ watches }) => {
			for (const w of watches) if (w.calledStep !== null) expect(w.nearStep).not.toBeNull();
		});
	});

	it('tells a ticket at once when its place at issue is already within the threshold', () => {
		run(({ watches }) => {
			for (const w of watches) if (w.aheadWhenIssued >= 0 && w.aheadWhenIssued <= w.ahead) expect(w.nearStep).not.toBeNull();
		});
	});

	it('fires at issue for a priority ticket that jumps a long normal queue', () => {
		const ops: Op[] = [
			...Array.from({ length: 8 }, (): Op => ({ op: 'issue', service: 'iptu', weight: 0, watch: null })),
			{ op: 'issue', service: 'iptu', weight: 0, watch: 3 },
			{ op: 'issue', service: 'iptu', weight: 20, watch: 3 }
		];
		const { watches } = play(ops, { mode: 'strict' });
		expect(watches[0]).toMatchObject({ aheadWhenIssued: 8, nearStep: null });
		expect(watches[1]).toMatchObject({ aheadWhenIssued: 0, nearStep: 9 });
	});

	it('is not due without a place, once stopped, or above the threshold', () => {
		expect(nearDue({ ahead: 3, nearQueued: false, stopped: false }, undefined)).toBe(false);
		expect(nearDue({ ahead: 3, nearQueued: false, stopped: true }, 0)).toBe(false);
		expect(nearDue({ ahead: 3, nearQueued: false, stopped: false }, 4)).toBe(false);
		expect(nearDue({ ahead: 3, nearQueued: false, stopped: false }, 3)).toBe(true);
	});
});
