import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNewerLine, lineOf, placeInLine, type LinePayload } from '$lib/queue/line';
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
				const line = JSON.parse(JSON.stringify(lineOf('centro', state, NOW))) as LinePayload;
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
		const line = lineOf('centro', snapshot(waiting, { mode: 'strict' }, 2), NOW);
		const iptu = line.services.find((s) => s.code === 'iptu')!;
		expect(iptu.order).toEqual([
			['A', 4, 1],
			['A', 1, 1],
			['A', 3, 1]
		]);
		expect(iptu.awaiting.map(([number, ahead]) => [number, ahead])).toEqual([['A002', 2]]);
		const place = (number: string) => placeInLine(line, { unit: 'centro', service: 'iptu', number })?.position;
		expect([place('A004'), place('A001'), place('A002'), place('A003')]).toEqual([0, 1, 2, 2]);
	});

	it('sends a queue in arrival order as one run of numbers and the forecast only where it changes', () => {
		const walkIns = Array.from({ length: 1200 }, (_, i): QueueTicket => ({
			id: `w${i}`,
			number: `A${String(i + 1).padStart(3, '0')}`,
			serviceCode: 'iptu',
			priorityCode: 'normal',
			priorityWeight: 0,
			arrivedAt: at(i / 20),
			enqueuedAt: at(i / 20),
			appointmentAt: null,
			status: 'waiting'
		}));
		// One taken back from another service keeps its number (B017) and its arrival.
		const transferred: QueueTicket = { ...walkIns[0], id: 'moved', number: 'B017', arrivedAt: at(-1), enqueuedAt: at(-1) };
		const state = snapshot([transferred, ...walkIns], { mode: 'strict' }, 4);
		const iptu = lineOf('centro', state, NOW).services.find((s) => s.code === 'iptu')!;
		expect(iptu.order).toEqual([
			['B', 17, 1],
			['A', 1, 1200]
		]);
		expect(iptu.waits.length).toBeLessThan(1201);
		for (const [number, position] of [['B017', 0], ['A001', 1], ['A999', 999], ['A1000', 1000], ['A1200', 1200]] as const) {
			expect(placeInLine(lineOf('centro', state, NOW), { unit: 'centro', service: 'iptu', number })?.position).toBe(position);
		}
		expect(placeInLine(lineOf('centro', state, NOW), { unit: 'centro', service: 'iptu', number: 'A1201' })).toBeNull();
	});

	it('tells a page nothing about a ticket it does not list, nor about another unit', () => {
		const line = lineOf('centro', snapshot([], { mode: 'strict' }, 1), NOW);
		expect(placeInLine(line, { unit: 'centro', service: 'iptu', number: 'A001' })).toBeNull();
		expect(placeInLine(line, { unit: 'centro', service: 'nope', number: 'A001' })).toBeNull();
		const state = new Map<string, ServiceQueue>();
		expect(placeInLine(lineOf('norte', state, NOW), { unit: 'centro', service: 'iptu', number: 'A001' })).toBeNull();
	});

	it('carries numbers and figures only: no ticket id, priority group or arrival time', () => {
		const waiting: QueueTicket[] = [
			{ id: 'secret-id', number: 'A001', serviceCode: 'iptu', priorityCode: 'gestante', priorityWeight: 20, arrivedAt: at(1), enqueuedAt: at(1), appointmentAt: null, status: 'waiting' }
		];
		const line = lineOf('centro', snapshot(waiting, { mode: 'strict' }, 1), NOW);
		expect(placeInLine(line, { unit: 'centro', service: 'iptu', number: 'A001' })?.position).toBe(0);
		const text = JSON.stringify(line);
		for (const hidden of ['secret-id', 'gestante', at(1).toISOString()]) expect(text).not.toContain(hidden);
	});

	it('is applied only when no later-projected line was (several processes each send their own)', () => {
		const state = snapshot([], { mode: 'strict' }, 1);
		const older = lineOf('centro', state, at(10));
		const newer = lineOf('centro', state, at(11));
		expect(isNewerLine(older, null)).toBe(true);
		expect(isNewerLine(newer, older.at)).toBe(true);
		expect(isNewerLine(older, newer.at)).toBe(false);
	});
});
