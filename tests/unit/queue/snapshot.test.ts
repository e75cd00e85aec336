import { describe, expect, it } from 'vitest';
import { dueAppointmentWait, placeFromForecast, type ServiceQueue } from '$lib/queue/snapshot';
import type { QueueTicket } from '$lib/queue/ticket';

const NOW = new Date('2026-03-02T13:00:00Z');
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

const waiting = (i: number): QueueTicket => ({
	id: `t${i}`,
	number: `A${i}`,
	serviceCode: 'cnh',
	priorityCode: 'normal',
	priorityWeight: 0,
	arrivedAt: minutes(-60 + i),
	enqueuedAt: minutes(-60 + i),
	appointmentAt: null,
	status: 'waiting'
});

/** A queue of 20 waiting, each forecast 3 minutes after the one before; a newcomer behind them waits an hour. */
const queue: ServiceQueue = (() => {
	const order = Array.from({ length: 20 }, (_, i) => ({ ticket: waiting(i), reason: { code: 'fifo' as const, text: '' } }));
	return {
		service: { id: 's', code: 'cnh', expectedServiceMinutes: 11 },
		order,
		openCounters: 3,
		meanServiceSeconds: 660,
		longestWaitSeconds: 3600,
		estimateForNew: { minutes: 60, low: 50, high: 80 },
		estimateForNewMinutes: 60,
		// A priority ticket issued now goes ahead of all 20; forecast on its own, it waits 2 minutes.
		estimateForPriority: new Map([[20, { position: 0, wait: { minutes: 2, low: 0, high: 6 } }]]),
		waits: new Map(order.map((p, i) => [p.ticket.id, { minutes: 3 * i, low: Math.max(0, 3 * i - 2), high: 3 * i + 4 }])),
		awaiting: new Map()
	};
})();

describe('placeFromForecast for an appointment checked in', () => {
	it('waits until its time and a counter, not behind every walk-in', () => {
		const place = placeFromForecast(queue, 20, { appointmentAt: minutes(10), arrivedAt: NOW, now: NOW });
		expect(place.estimatedWaitMinutes).toBeGreaterThanOrEqual(10);
		expect(place.estimatedWaitMinutes).toBeLessThan(20);
		expect(place.estimatedWait.low).toBeLessThanOrEqual(10);
		expect(place.estimatedWait.high).toBeGreaterThanOrEqual(place.estimatedWaitMinutes);
		expect(place.position).toBe(20);
	});

	it('is called as a walk-in when that comes first', () => {
		const early = placeFromForecast(queue, 1, { appointmentAt: minutes(90), arrivedAt: NOW, now: NOW });
		expect(early).toEqual(placeFromForecast(queue, 1));
	});

	it('is a walk-in when checked in past the grace', () => {
		const late = { appointmentAt: minutes(-30), arrivedAt: NOW, now: NOW, graceMinutes: 15 };
		expect(dueAppointmentWait(queue, late)).toBeNull();
		expect(placeFromForecast(queue, 20, late)).toEqual(placeFromForecast(queue, 20));
	});

	it('is never negative and never longer for a later time', () => {
		let previous = -1;
		for (let m = -10; m <= 120; m += 5) {
			const wait = dueAppointmentWait(queue, { appointmentAt: minutes(m), arrivedAt: NOW, now: NOW })!;
			expect(wait.low).toBeGreaterThanOrEqual(0);
			expect(wait.minutes).toBeGreaterThanOrEqual(previous);
			previous = wait.minutes;
		}
	});
});

describe('placeFromForecast for a priority newcomer', () => {
	it('waits what the forecast gave a priority ticket issued then, not the wait of the ticket it goes ahead of', () => {
		expect(placeFromForecast(queue, 0, undefined, 20)).toEqual({ position: 0, estimatedWaitMinutes: 2, estimatedWait: { low: 0, high: 6 }, naiveWaitMinutes: 0 });
	});

	it('adds the naive minutes of priority tickets issued ahead of it since the forecast', () => {
		const place = placeFromForecast(queue, 2, undefined, 20);
		// Two ahead: 2 × 11 minutes over 3 counters, about 7 more.
		expect(place.estimatedWaitMinutes).toBe(9);
		expect(place.estimatedWait.low).toBeLessThanOrEqual(place.estimatedWaitMinutes);
	});

	it('takes the slot of the ticket it goes ahead of for a weight the forecast did not see', () => {
		expect(placeFromForecast(queue, 3, undefined, 10)).toEqual(placeFromForecast(queue, 3));
	});
});
