import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderQueue, type OrderingInput, type OrderingSettings } from '$lib/queue/ordering';
import type { QueueTicket } from '$lib/queue/ticket';
import { aheadIfArrived, passedBy, remoteExpired } from '$lib/queue/remote';
import { peopleAhead } from '$lib/notify/near';
import { at, drain, inputArb as queueInputArb, type QueueShape } from './queue-arbitraries';

/** Walk-ins, appointments and remote tickets (some not arrived) of two services. */
const SHAPE: QueueShape = { services: ['iptu', 'alvara'], weights: [0, 0, 0, 10, 30], maxArrivalMinute: 90, appointmentFreq: 5, remote: true, maxLength: 30 };
const inputArb = (settings?: fc.Arbitrary<OrderingSettings>) => queueInputArb(SHAPE, settings);

const awaiting = (i: OrderingInput) => i.waiting.filter((t) => t.awaitingArrival && i.counterServices.includes(t.serviceCode));
const arrive = (i: OrderingInput, id: string): OrderingInput => ({ ...i, waiting: i.waiting.map((t) => (t.id === id ? { ...t, awaitingArrival: false } : t)) });
const ids = (picks: readonly { ticket: QueueTicket }[]) => picks.map((p) => p.ticket.id);

describe('remote tickets under the ordering policy', () => {
	it('never calls a ticket whose visitor has not arrived, however long the counters keep calling', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				const called = drain(input);
				expect(called.filter((t) => t.awaitingArrival)).toEqual([]);
				// Everything else the counter serves is called; the remote ones are left waiting.
				const callable = input.waiting.filter((t) => !t.awaitingArrival && (input.counterServices as readonly string[]).includes(t.serviceCode));
				expect(called.map((t) => t.id).sort()).toEqual(callable.map((t) => t.id).sort());
				expect(ids(orderQueue(input)).filter((id) => awaiting(input).some((t) => t.id === id))).toEqual([]);
			})
		);
	});

	it('counts nobody not yet arrived ahead of anyone: every place is the one without them', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				const without = { ...input, waiting: input.waiting.filter((t) => !t.awaitingArrival) };
				expect(ids(orderQueue(input))).toEqual(ids(orderQueue(without)));
				const ahead = peopleAhead(input);
				for (const [index, id] of ids(orderQueue({ ...without, counterServices: [input.counterServices[0]] })).entries()) expect(ahead.get(id)).toBe(index);
			})
		);
	});

	it('keeps its place: on arriving it is called where a walk-in who came when it was taken would be, the others keeping their order (strict policy)', () => {
		fc.assert(
			fc.property(inputArb(fc.constant({ mode: 'strict' as const })), (input) => {
				for (const remote of awaiting(input)) {
					const after = orderQueue(arrive(input, remote.id));
					const place = ids(after).indexOf(remote.id);
					expect(place).toBe(aheadIfArrived(input, remote.id));
					expect(ids(after).filter((id) => id !== remote.id)).toEqual(ids(orderQueue(input)));
					// Nobody of its lane who came after it is called before it.
					for (const other of after.slice(0, place)) {
						const t = other.ticket;
						const sameLane = t.serviceCode === remote.serviceCode && t.appointmentAt === null && t.priorityWeight === remote.priorityWeight;
						if (sameLane) expect(t.arrivedAt.getTime()).toBeLessThanOrEqual(remote.arrivedAt.getTime());
					}
				}
			})
		);
	});

	it('tells the visitor of a remote ticket the place it keeps, so "near" is their cue to come', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				const ahead = peopleAhead(input);
				for (const remote of input.waiting.filter((t) => t.awaitingArrival)) {
					expect(ahead.get(remote.id)).toBe(aheadIfArrived({ ...input, counterServices: [remote.serviceCode] }, remote.id));
				}
			})
		);
	});

	it('a call that passes a remote ticket over is one that would have come after it, had it arrived', () => {
		fc.assert(
			fc.property(inputArb(), (input) => {
				for (const remote of awaiting(input)) {
					const order = ids(orderQueue(arrive(input, remote.id)));
					for (const called of input.waiting.filter((t) => !t.awaitingArrival && (input.counterServices as readonly string[]).includes(t.serviceCode))) {
						if (passedBy(remote, called)) expect(order.indexOf(remote.id)).toBeLessThan(order.indexOf(called.id));
					}
				}
			})
		);
	});
});

describe('remote ticket expiry', () => {
	it('expires only once the unit-set minutes after it would have been called have passed', () => {
		expect(remoteExpired(null, at(500), 15)).toBe(false);
		expect(remoteExpired(at(10), at(24), 15)).toBe(false);
		expect(remoteExpired(at(10), at(25), 15)).toBe(true);
	});
});
