import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newcomerPosition, NEWCOMER_ID, orderQueue, pickNext, type OrderingInput, type QueueSummary } from '$lib/queue/ordering';
import type { QueueTicket } from '$lib/queue/ticket';
import { exactPrefix, type Candidates } from '$lib/queue/candidates';
import { at, drain, inputArb as queueInputArb, NOW, ratioArb, type QueueShape } from './queue-arbitraries';

const SERVICES = ['iptu', 'alvara', 'saude'] as const;
const shape = (withAppointments: boolean): QueueShape => ({
	services: SERVICES,
	weights: [0, 0, 10, 20, 30],
	maxArrivalMinute: 120,
	appointmentFreq: withAppointments ? 3 : 0,
	remote: false,
	maxLength: 40
});
const inputArb = (withAppointments = true) => queueInputArb(shape(withAppointments));

const eligible = (i: OrderingInput) => i.waiting.filter((t) => i.counterServices.includes(t.serviceCode));
const isDue = (t: QueueTicket, i: OrderingInput) =>
	t.appointmentAt !== null &&
	t.appointmentAt.getTime() <= i.now.getTime() &&
	t.arrivedAt.getTime() <= t.appointmentAt.getTime() + (i.appointmentGraceMinutes ?? 15) * 60_000;

describe('ordering properties', () => {
	it('eventually calls every waiting ticket the counter serves, each exactly once', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				const picked = drain(input).map((t) => t.id);
				expect(new Set(picked).size).toBe(picked.length);
				expect([...picked].sort()).toEqual(eligible(input).map((t) => t.id).sort());
			})
		);
	});

	it('picks the head of orderQueue, and calling repeatedly follows orderQueue', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				const order = orderQueue(input);
				const next = pickNext(input);
				if (order.length === 0) expect(next).toEqual({ ok: false, code: 'queue_empty' });
				else expect(next).toEqual({ ok: true, ticket: order[0].ticket, reason: order[0].reason });
				expect(drain(input).map((t) => t.id)).toEqual(order.map((p) => p.ticket.id));
			})
		);
	});

	it('keeps FIFO inside a priority weight', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				const walkIns = orderQueue(input)
					.map((p) => p.ticket)
					.filter((t) => !isDue(t, input));
				for (let i = 0; i < walkIns.length; i++)
					for (let j = i + 1; j < walkIns.length; j++) {
						const [a, b] = [walkIns[i], walkIns[j]];
						if (a.priorityWeight !== b.priorityWeight) continue;
						expect(a.arrivedAt.getTime() < b.arrivedAt.getTime() || (a.arrivedAt.getTime() === b.arrivedAt.getTime() && a.id < b.id)).toBe(true);
					}
			})
		);
	});

	it('calls due appointments before any walk-in, earliest appointment first', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				const order = orderQueue(input).map((p) => p.ticket);
				const dueCount = order.filter((t) => isDue(t, input)).length;
				expect(order.slice(0, dueCount).every((t) => isDue(t, input))).toBe(true);
				const times = order.slice(0, dueCount).map((t) => (t.appointmentAt as Date).getTime());
				expect(times).toEqual([...times].sort((x, y) => x - y));
			})
		);
	});

	it('in strict mode never calls a lower weight while a higher one waits', () => {
		fc.assert(
			fc.property(inputArb(false), (raw) => {
				const input = { ...raw, settings: { mode: 'strict' as const } };
				const weights = orderQueue(input).map((p) => p.ticket.priorityWeight);
				expect(weights).toEqual([...weights].sort((x, y) => y - x));
			})
		);
	});

	it('under the ratio option starves neither priority nor normal tickets', () => {
		fc.assert(
			fc.property(inputArb(false), ratioArb, (raw, settings) => {
				const input = { ...raw, settings };
				const order = orderQueue(input).map((p) => p.ticket.priorityWeight > 0);
				let normalsWhilePriorityWaits = 0;
				let prioritiesWhileNormalWaits = 0;
				for (let i = 0; i < order.length; i++) {
					const rest = order.slice(i);
					const priorityWaits = rest.includes(true);
					const normalWaits = rest.includes(false);
					normalsWhilePriorityWaits = !order[i] && priorityWaits ? normalsWhilePriorityWaits + 1 : 0;
					prioritiesWhileNormalWaits = order[i] && normalWaits ? prioritiesWhileNormalWaits + 1 : 0;
					expect(normalsWhilePriorityWaits).toBeLessThanOrEqual(settings.normalCalls);
					expect(prioritiesWhileNormalWaits).toBeLessThanOrEqual(settings.priorityCalls);
				}
			})
		);
	});

	it('under the ratio option gives exactly the configured cycle while both kinds wait', () => {
		fc.assert(
			fc.property(ratioArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (settings, np, nn) => {
				const make = (id: string, weight: number, minute: number): QueueTicket => ({
					id,
					number: id,
					serviceCode: 'iptu',
					priorityCode: weight ? 'legal' : 'normal',
					priorityWeight: weight,
					arrivedAt: at(minute),
					enqueuedAt: at(minute),
					appointmentAt: null,
					status: 'waiting'
				});
				const waiting = [
					...Array.from({ length: np }, (_, i) => make(`p${i}`, 20, i)),
					...Array.from({ length: nn }, (_, i) => make(`n${i}`, 0, i))
				];
				const kinds = orderQueue({ waiting, counterServices: ['iptu'], settings, recentCalls: [], now: NOW }).map(
					(p) => (p.ticket.priorityWeight > 0 ? 'P' : 'N')
				);
				const cycle = 'P'.repeat(settings.priorityCalls) + 'N'.repeat(settings.normalCalls);
				const expected = [];
				let p = np;
				let n = nn;
				for (let i = 0; p > 0 || n > 0; i++) {
					const want = cycle[i % cycle.length];
					const take = (want === 'P' && p > 0) || n === 0 ? 'P' : 'N';
					if (take === 'P') p--;
					else n--;
					expected.push(take);
					if (p === 0 || n === 0) {
						expected.push(...(p > 0 ? 'P'.repeat(p) : 'N'.repeat(n)));
						break;
					}
				}
				expect(kinds.join('')).toBe(expected.join(''));
			})
		);
	});
});

/** What the store's candidate query reads: every appointment and the first `perLane` walk-ins of each lane. */
function readCandidates(input: OrderingInput, perLane: number): Candidates {
	const mine = eligible(input);
	const walkIns = (priority: boolean) =>
		mine
			.filter((t) => t.appointmentAt === null && t.priorityWeight > 0 === priority)
			.sort((a, b) => b.priorityWeight - a.priorityWeight || a.arrivedAt.getTime() - b.arrivedAt.getTime() || (a.id < b.id ? -1 : 1));
	const [priority, normal] = [walkIns(true), walkIns(false)];
	return {
		tickets: [...mine.filter((t) => t.appointmentAt !== null), ...priority.slice(0, perLane), ...normal.slice(0, perLane)],
		perLane,
		truncated: { priority: priority.length > perLane, normal: normal.length > perLane }
	};
}

describe('the head of the queue read for a call', () => {
	it('orders its exact prefix as the whole queue does, and that prefix is never empty while tickets wait', () => {
		fc.assert(
			fc.property(inputArb(), fc.integer({ min: 1, max: 6 }), (input, perLane) => {
				const whole = orderQueue(input).map((p) => p.ticket.id);
				const candidates = readCandidates(input, perLane);
				const order = orderQueue({ ...input, waiting: candidates.tickets });
				const exact = exactPrefix(order, candidates);
				expect(order.slice(0, exact).map((p) => p.ticket.id)).toEqual(whole.slice(0, exact));
				if (whole.length > 0) expect(exact).toBeGreaterThan(0);
				if (!candidates.truncated.priority && !candidates.truncated.normal) expect(exact).toBe(whole.length);
			}),
			{ numRuns: 500 }
		);
	});
});

/** What the first statement counts of one service's queue (see issue-ticket.server.ts). */
function summarize(waiting: readonly QueueTicket[], service: string, arrival: Date): QueueSummary {
	const mine = waiting.filter((t) => t.serviceCode === service);
	const groups = new Map<number, { weight: number; arrivedBefore: number; arrivedAfter: number }>();
	for (const t of mine.filter((t) => t.appointmentAt === null)) {
		const g = groups.get(t.priorityWeight) ?? { weight: t.priorityWeight, arrivedBefore: 0, arrivedAfter: 0 };
		// The store counts `queued_at <= now`: a stored uuid always sorts before NEWCOMER_ID, as these ids may not.
		if (t.arrivedAt.getTime() < arrival.getTime() || (t.arrivedAt.getTime() === arrival.getTime() && t.id < NEWCOMER_ID)) g.arrivedBefore++;
		else g.arrivedAfter++;
		groups.set(t.priorityWeight, g);
	}
	return { walkIns: [...groups.values()], appointments: mine.filter((t) => t.appointmentAt !== null) };
}

describe("a newcomer's place at issue", () => {
	it('is the place orderQueue gives it among every waiting ticket, from the counted summary alone', () => {
		fc.assert(
			fc.property(
				inputArb(),
				fc.constantFrom(...SERVICES),
				fc.constantFrom(0, 0, 10, 20, 30),
				fc.option(fc.integer({ min: 60, max: 150 }), { freq: 4 }),
				fc.integer({ min: 60, max: 100 }),
				(input, service, weight, appointment, arrived) => {
					const newcomer: QueueTicket = {
						id: NEWCOMER_ID,
						number: '',
						serviceCode: service,
						priorityCode: weight > 0 ? `group-${weight}` : 'normal',
						priorityWeight: weight,
						arrivedAt: at(arrived),
						enqueuedAt: at(arrived),
						appointmentAt: appointment === null ? null : at(appointment),
						status: 'waiting'
					};
					const whole = orderQueue({ ...input, waiting: [...input.waiting, newcomer], counterServices: [service] });
					const expected = whole.findIndex((p) => p.ticket.id === NEWCOMER_ID);
					const { waiting: _w, counterServices: _c, ...rest } = input;
					expect(newcomerPosition(summarize(input.waiting, service, newcomer.arrivedAt), newcomer, rest)).toBe(expected);
				}
			),
			{ numRuns: 1000 }
		);
	});
});
