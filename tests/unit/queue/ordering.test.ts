import { describe, expect, it } from 'vitest';
import { orderQueue, pickNext, type OrderingInput, type OrderingSettings } from '$lib/queue/ordering';
import type { QueueTicket } from '$lib/queue/ticket';

const T0 = Date.parse('2026-03-02T12:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);
const WEIGHT = { normal: 0, blood_donor: 10, legal: 20, elderly_80: 30 } as const;

function ticket(id: string, minute: number, extra: Partial<QueueTicket> & { group?: keyof typeof WEIGHT } = {}): QueueTicket {
	const group = extra.group ?? 'normal';
	return {
		id,
		number: id.toUpperCase(),
		serviceCode: 'iptu',
		priorityCode: group,
		priorityWeight: WEIGHT[group],
		arrivedAt: at(minute),
		enqueuedAt: at(minute),
		appointmentAt: null,
		status: 'waiting',
		...extra
	};
}

const STRICT: OrderingSettings = { mode: 'strict' };

function input(waiting: readonly QueueTicket[], overrides: Partial<OrderingInput> = {}): OrderingInput {
	return { waiting, counterServices: ['iptu'], settings: STRICT, recentCalls: [], now: at(60), ...overrides };
}

const ids = (i: OrderingInput) => orderQueue(i).map((p) => p.ticket.id);

describe('pickNext', () => {
	it('calls a priority ticket before an earlier normal one', () => {
		const result = pickNext(input([ticket('n1', 0), ticket('p1', 5, { group: 'legal' })]));
		expect(result.ok && result.ticket.id).toBe('p1');
		expect(result.ok && result.reason.code).toBe('priority');
	});

	it('serves normal tickets first come, first served', () => {
		const result = pickNext(input([ticket('n2', 3), ticket('n1', 1), ticket('n3', 7)]));
		expect(result).toMatchObject({ ok: true, ticket: { id: 'n1' }, reason: { code: 'fifo' } });
	});

	it('keeps arrival order inside a priority weight', () => {
		expect(ids(input([ticket('p2', 4, { group: 'legal' }), ticket('p1', 2, { group: 'legal' })]))).toEqual(['p1', 'p2']);
	});

	it('breaks a tie on arrival by id, so every counter sees the same order', () => {
		expect(ids(input([ticket('b', 1), ticket('a', 1)]))).toEqual(['a', 'b']);
	});

	it('calls 80+ before other elderly, and blood donors after the other legal groups', () => {
		const waiting = [
			ticket('donor', 0, { group: 'blood_donor' }),
			ticket('sixty', 1, { group: 'legal' }),
			ticket('eighty', 9, { group: 'elderly_80' }),
			ticket('normal', -5)
		];
		expect(ids(input(waiting))).toEqual(['eighty', 'sixty', 'donor', 'normal']);
	});

	it('only sees the services the counter serves', () => {
		const waiting = [ticket('other', 0, { serviceCode: 'alvara', group: 'elderly_80' }), ticket('mine', 5)];
		expect(ids(input(waiting))).toEqual(['mine']);
		expect(ids(input(waiting, { counterServices: ['iptu', 'alvara'] }))).toEqual(['other', 'mine']);
	});

	it('answers queue_empty when nothing the counter serves is waiting', () => {
		expect(pickNext(input([]))).toEqual({ ok: false, code: 'queue_empty' });
		expect(pickNext(input([ticket('x', 0, { serviceCode: 'alvara' })]))).toEqual({ ok: false, code: 'queue_empty' });
		expect(pickNext(input([ticket('x', 0)], { counterServices: [] }))).toEqual({ ok: false, code: 'queue_empty' });
	});

	it('ignores tickets that are no longer waiting', () => {
		expect(ids(input([ticket('called', 0, { status: 'called' }), ticket('w', 1)]))).toEqual(['w']);
	});

	it('calls a checked-in appointment at its time, ahead of walk-ins and priority', () => {
		const waiting = [
			ticket('p', 0, { group: 'elderly_80' }),
			ticket('appt', 50, { appointmentAt: at(60) }),
			ticket('n', 1)
		];
		const result = pickNext(input(waiting, { now: at(60) }));
		expect(result).toMatchObject({ ok: true, ticket: { id: 'appt' }, reason: { code: 'appointment_due' } });
	});

	it('lets an appointment that is not yet due wait as a walk-in', () => {
		const waiting = [ticket('appt', 50, { appointmentAt: at(90) }), ticket('n', 10)];
		expect(ids(input(waiting, { now: at(60) }))).toEqual(['n', 'appt']);
	});

	it('makes an appointment due at its exact time, not a moment before', () => {
		const appt = (appointmentAt: Date) => [ticket('n', 0), ticket('appt', 50, { appointmentAt })];
		expect(ids(input(appt(at(60)), { now: at(60) }))[0]).toBe('appt');
		expect(ids(input(appt(new Date(at(60).getTime() + 1)), { now: at(60) }))[0]).toBe('n');
	});

	it('calls due appointments earliest time first', () => {
		const waiting = [
			ticket('later', 10, { appointmentAt: at(45) }),
			ticket('earlier', 40, { appointmentAt: at(30) })
		];
		expect(ids(input(waiting, { now: at(60) }))).toEqual(['earlier', 'later']);
	});

	it('treats a check-in later than the grace as a walk-in', () => {
		const waiting = [ticket('late', 30, { appointmentAt: at(10) }), ticket('n', 20)];
		expect(ids(input(waiting, { appointmentGraceMinutes: 15 }))).toEqual(['n', 'late']);
		expect(ids(input(waiting, { appointmentGraceMinutes: 30 }))).toEqual(['late', 'n']);
	});

	it('keeps a transferred ticket in its original arrival place', () => {
		const waiting = [ticket('new', 30), ticket('moved', 30, { arrivedAt: at(5), enqueuedAt: at(40) })];
		expect(ids(input(waiting))).toEqual(['moved', 'new']);
	});
});

describe('ratio mode', () => {
	const ratio: OrderingSettings = { mode: 'ratio', priorityCalls: 2, normalCalls: 1 };
	const both = [
		ticket('p1', 10, { group: 'legal' }),
		ticket('p2', 11, { group: 'legal' }),
		ticket('p3', 12, { group: 'legal' }),
		ticket('p4', 13, { group: 'legal' }),
		ticket('n1', 0),
		ticket('n2', 1)
	];

	it('gives one normal call after two priority calls while both wait', () => {
		const order = orderQueue(input(both, { settings: ratio }));
		expect(order.map((p) => p.ticket.id)).toEqual(['p1', 'p2', 'n1', 'p3', 'p4', 'n2']);
		expect(order[2].reason.code).toBe('ratio_normal_turn');
	});

	it('continues the cycle from the recent calls', () => {
		const after2 = input(both, { settings: ratio, recentCalls: [{ priority: true }, { priority: true }] });
		expect(pickNext(after2)).toMatchObject({ ticket: { id: 'n1' }, reason: { code: 'ratio_normal_turn' } });
		const afterTurn = input(both, {
			settings: ratio,
			recentCalls: [{ priority: false }, { priority: true }, { priority: true }]
		});
		expect(pickNext(afterTurn)).toMatchObject({ ticket: { id: 'p1' }, reason: { code: 'priority' } });
	});

	it('gives several normal calls when the ratio says so', () => {
		const settings: OrderingSettings = { mode: 'ratio', priorityCalls: 1, normalCalls: 2 };
		expect(ids(input(both, { settings }))).toEqual(['p1', 'n1', 'n2', 'p2', 'p3', 'p4']);
	});

	it('does not hold priority back after normals called because no priority was waiting', () => {
		const recentCalls = [{ priority: false }, { priority: false }, { priority: false }];
		expect(pickNext(input(both, { settings: ratio, recentCalls }))).toMatchObject({ ticket: { id: 'p1' } });
	});

	it('calls priority back to back when no normal waits, and normals when no priority waits', () => {
		const onlyPriority = both.filter((t) => t.priorityWeight > 0);
		expect(ids(input(onlyPriority, { settings: ratio }))).toEqual(['p1', 'p2', 'p3', 'p4']);
		const onlyNormal = both.filter((t) => t.priorityWeight === 0);
		expect(orderQueue(input(onlyNormal, { settings: ratio })).map((p) => p.reason.code)).toEqual(['fifo', 'fifo']);
	});

	it('reads a ratio without normal calls as strict', () => {
		const settings: OrderingSettings = { mode: 'ratio', priorityCalls: 2, normalCalls: 0 };
		expect(ids(input(both, { settings }))).toEqual(ids(input(both)));
	});
});
