import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineOf, placeInLine, type LinePayload } from '$lib/queue/line';
import { placeOf, queueSnapshot, type ForecastFacts, type ServiceQueue } from '$lib/queue/snapshot';
import type { OrderingSettings } from '$lib/queue/ordering';
import type { QueueTicket } from '$lib/queue/ticket';
import { at, NOW, settingsArb, ticketsArb, type QueueShape } from './queue-arbitraries';

const SERVICES = [
	{ id: 's-iptu', code: 'iptu', expectedServiceMinutes: 8 },
	{ id: 's-alvara', code: 'alvara', expectedServiceMinutes: 15 }
];
const SHAPE: QueueShape = { services: ['iptu', 'alvara'], weights: [0, 0, 0, 20, 80], maxArrivalMinute: 99, appointmentFreq: 6, remote: true, maxLength: 40 };

const facts = (counters: number): ForecastFacts => ({
	localHour: 10,
	counters: Array.from({ length: counters }, (_, i) => ({
		id: `c${i}`,
		services: i % 2 === 0 ? ['iptu', 'alvara'] : ['iptu'],
		status: 'open' as const,
		current: null,
		pausedSeconds: 0,
		closesInSeconds: null
	})),
	profiles: new Map(),
	booked: [],
	appointmentShowShare: 0.9,
	todaySamples: [],
	typicalPauseSeconds: 0
});

const snapshot = (waiting: readonly QueueTicket[], settings: OrderingSettings, counters: number) =>
	queueSnapshot({ services: SERVICES, waiting, settings, recentCalls: [], now: NOW, facts: facts(counters) });

describe('a unit line', () => {
	it("gives every waiting ticket's page the place and forecast its public view shows", () => {
		fc.assert(
			fc.property(ticketsArb(SHAPE), settingsArb, fc.integer({ min: 0, max: 4 }), (waiting, settings, counters) => {
				const state = snapshot(waiting, settings, counters);
				// Through JSON, as the event travels.
				const line = JSON.parse(JSON.stringify(lineOf('centro', state))) as LinePayload;
				for (const t of waiting) {
					const place = placeOf(state.get(t.serviceCode), t.id);
					const read = placeInLine(line, { unit: 'centro', service: t.serviceCode, number: t.number });
					if (place === null) expect(read).toBeNull();
					else expect(read).toEqual({ position: place.position, estimatedWaitMinutes: place.estimatedWaitMinutes, estimatedWait: place.estimatedWait });
				}
			}),
			{ numRuns: 60 }
		);
	});

	it('lists each service in call order: the first called has nobody ahead, a remote ticket not arrived keeps its place', () => {
		const ticket = (i: number, over: Partial<QueueTicket> = {}): QueueTicket => ({
			id: `t${i}`,
			number: `A00${i}`,
			serviceCode: 'iptu',
			priorityCode: 'normal',
			priorityWeight: 0,
			arrivedAt: at(i),
			enqueuedAt: at(i),
			appointmentAt: null,
			status: 'waiting',
			...over
		});
		const waiting = [ticket(1), ticket(2, { awaitingArrival: true }), ticket(3), ticket(4, { priorityCode: 'idoso', priorityWeight: 20 })];
		const line = lineOf('centro', snapshot(waiting, { mode: 'strict' }, 2));
		const iptu = line.services.find((s) => s.code === 'iptu')!;
		expect(iptu.order.map(([number]) => number)).toEqual(['A004', 'A001', 'A003']);
		expect(iptu.awaiting.map(([number, ahead]) => [number, ahead])).toEqual([['A002', 2]]);
		const place = (number: string) => placeInLine(line, { unit: 'centro', service: 'iptu', number })?.position;
		expect([place('A004'), place('A001'), place('A002'), place('A003')]).toEqual([0, 1, 2, 2]);
	});

	it('tells a page nothing about a ticket it does not list, nor about another unit', () => {
		const line = lineOf('centro', snapshot([], { mode: 'strict' }, 1));
		expect(placeInLine(line, { unit: 'centro', service: 'iptu', number: 'A001' })).toBeNull();
		expect(placeInLine(line, { unit: 'centro', service: 'nope', number: 'A001' })).toBeNull();
		const state = new Map<string, ServiceQueue>();
		expect(placeInLine(lineOf('norte', state), { unit: 'centro', service: 'iptu', number: 'A001' })).toBeNull();
	});

	it('carries numbers and figures only: no ticket id, priority group or arrival time', () => {
		const waiting: QueueTicket[] = [
			{ id: 'secret-id', number: 'A001', serviceCode: 'iptu', priorityCode: 'gestante', priorityWeight: 20, arrivedAt: at(1), enqueuedAt: at(1), appointmentAt: null, status: 'waiting' }
		];
		const text = JSON.stringify(lineOf('centro', snapshot(waiting, { mode: 'strict' }, 1)));
		expect(text).toContain('A001');
		for (const hidden of ['secret-id', 'gestante', at(1).toISOString()]) expect(text).not.toContain(hidden);
	});
});
