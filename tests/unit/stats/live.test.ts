import { describe, expect, it } from 'vitest';
import {
	ageUnit,
	applyQueueEvent,
	averageWait,
	counterTally,
	formatDuration,
	localDayRange,
	serviceLive,
	unitLive,
	type CounterNow,
	type ServiceNow,
	type UnitLiveInput
} from '$lib/stats/live';

const service = (over: Partial<ServiceNow> = {}): ServiceNow => ({
	code: 'iptu',
	name: 'IPTU',
	waiting: 3,
	longestWaitSeconds: 600,
	estimatedWaitMinutes: 12,
	openCounters: 2,
	targetWaitMinutes: 20,
	...over
});

const counter = (number: number, status: CounterNow['status'], over: Partial<CounterNow> = {}): CounterNow => ({
	id: `c${number}`,
	number,
	name: `Guichê ${number}`,
	status,
	clerk: status === 'closed' ? null : `Pessoa ${number}`,
	pauseReason: status === 'paused' ? 'Almoço' : null,
	services: ['iptu'],
	ticket: null,
	...over
});

const input = (over: Partial<UnitLiveInput> = {}): UnitLiveInput => ({
	unit: { slug: 'centro', name: 'Centro', timezone: 'America/Sao_Paulo' },
	day: '2026-03-02',
	services: [service(), service({ code: 'alvara', name: 'Alvará', waiting: 0, longestWaitSeconds: 0, targetWaitMinutes: 10 })],
	counters: [counter(2, 'paused'), counter(1, 'open'), counter(3, 'closed')],
	today: { issued: 40, served: 30, noShows: 2, called: 33, waitSecondsSum: 33 * 420 },
	...over
});

describe('serviceLive', () => {
	it('is within target while the longest wait has not passed the Carta target', () => {
		expect(serviceLive(service({ longestWaitSeconds: 20 * 60 }))).toMatchObject({ overTarget: false, overBySeconds: 0 });
	});

	it('alerts once the longest wait passes the target, saying by how much', () => {
		expect(serviceLive(service({ longestWaitSeconds: 25 * 60 }))).toMatchObject({ overTarget: true, overBySeconds: 300 });
	});

	it('never alerts on an empty queue, whatever the stale longest wait says', () => {
		expect(serviceLive(service({ waiting: 0, longestWaitSeconds: 3600 })).overTarget).toBe(false);
	});

	it('treats a zero target as "no wait promised": anyone waiting at all is over it', () => {
		expect(serviceLive(service({ targetWaitMinutes: 0, longestWaitSeconds: 1 })).overTarget).toBe(true);
	});
});

describe('counterTally and averageWait', () => {
	it('counts counters by state', () => {
		expect(counterTally([counter(1, 'open'), counter(2, 'open'), counter(3, 'paused')])).toEqual({ open: 2, paused: 1, closed: 0 });
	});

	it('averages waits exactly from the count and the sum, rounding to the second', () => {
		// 3 tickets waited 100 s, 200 s and 301 s: mean 200.33 s.
		expect(averageWait(3, 601)).toBe(200);
		expect(averageWait(2, 301)).toBe(151);
	});

	it('has no average before the first call of the day', () => {
		expect(averageWait(0, 0)).toBeNull();
		expect(averageWait(3, Number.NaN)).toBeNull();
	});
});

describe('unitLive', () => {
	it('adds up the queues, tallies counters in number order and computes today’s mean wait', () => {
		const live = unitLive(input());
		expect(live.waiting).toBe(3);
		expect(live.longestWaitSeconds).toBe(600);
		expect(live.tally).toEqual({ open: 1, paused: 1, closed: 1 });
		expect(live.counters.map((c) => c.number)).toEqual([1, 2, 3]);
		expect(live.today).toEqual({ day: '2026-03-02', issued: 40, served: 30, noShows: 2, called: 33, averageWaitSeconds: 420 });
		expect(live.alerts).toEqual([]);
	});

	it('lists alerts worst overrun first', () => {
		const live = unitLive(
			input({
				services: [
					service({ code: 'a', longestWaitSeconds: 21 * 60 }), // 1 min over 20
					service({ code: 'b', longestWaitSeconds: 15 * 60, targetWaitMinutes: 5 }), // 10 min over
					service({ code: 'c', longestWaitSeconds: 60 })
				]
			})
		);
		expect(live.alerts).toEqual(['b', 'a']);
		expect(live.longestWaitSeconds).toBe(21 * 60);
	});
});

describe('applyQueueEvent', () => {
	it('moves the named unit’s waiting counts and recomputes alerts, leaving other units alone', () => {
		const centro = unitLive(input());
		const lagoa = unitLive(input({ unit: { slug: 'lagoa', name: 'Lagoa', timezone: 'America/Sao_Paulo' } }));
		const [c, l] = applyQueueEvent([centro, lagoa], {
			unit: 'centro',
			services: [{ code: 'alvara', waiting: 2, longestWaitSeconds: 11 * 60, estimatedWaitMinutes: 7 }]
		});
		expect(c.services.find((s) => s.code === 'alvara')).toMatchObject({ waiting: 2, estimatedWaitMinutes: 7, overTarget: true, overBySeconds: 60 });
		expect(c.services.find((s) => s.code === 'iptu')?.waiting).toBe(3);
		expect(c.waiting).toBe(5);
		expect(c.alerts).toEqual(['alvara']);
		expect(c.today).toEqual(centro.today);
		expect(l).toBe(lagoa);
	});

	it('clears an alert when the queue empties', () => {
		const late = unitLive(input({ services: [service({ longestWaitSeconds: 30 * 60 })] }));
		expect(late.alerts).toEqual(['iptu']);
		const [after] = applyQueueEvent([late], { unit: 'centro', services: [{ code: 'iptu', waiting: 0, longestWaitSeconds: 0, estimatedWaitMinutes: 0 }] });
		expect(after.alerts).toEqual([]);
		expect(after.waiting).toBe(0);
	});
});

describe('ageUnit', () => {
	it('lets waits grow between snapshots and raises the alert when the target is passed', () => {
		const live = unitLive(input({ services: [service({ longestWaitSeconds: 19 * 60 }), service({ code: 'vazio', waiting: 0, longestWaitSeconds: 0 })] }));
		expect(live.alerts).toEqual([]);
		const later = ageUnit(live, 120);
		expect(later.services[0].longestWaitSeconds).toBe(21 * 60);
		expect(later.services[1].longestWaitSeconds).toBe(0);
		expect(later.alerts).toEqual(['iptu']);
		expect(ageUnit(live, 0)).toBe(live);
	});
});

describe('localDayRange', () => {
	it('is the local calendar day in the unit’s zone, not the UTC one', () => {
		// 01:30 UTC on 3 March is still 22:30 on 2 March in São Paulo (UTC−3).
		const range = localDayRange(new Date('2026-03-03T01:30:00Z'), 'America/Sao_Paulo');
		expect(range.day).toBe('2026-03-02');
		expect(range.start.toISOString()).toBe('2026-03-02T03:00:00.000Z');
		expect(range.end.toISOString()).toBe('2026-03-03T03:00:00.000Z');
	});

	it('follows each unit’s own zone', () => {
		expect(localDayRange(new Date('2026-03-03T01:30:00Z'), 'America/Manaus').day).toBe('2026-03-02');
		expect(localDayRange(new Date('2026-03-03T01:30:00Z'), 'America/Noronha').day).toBe('2026-03-02');
		expect(localDayRange(new Date('2026-03-03T02:30:00Z'), 'America/Noronha').day).toBe('2026-03-03');
	});
});

describe('formatDuration', () => {
	it('reads like people speak', () => {
		expect(formatDuration(null)).toBe('—');
		expect(formatDuration(30)).toBe('< 1 min');
		expect(formatDuration(12 * 60 + 59)).toBe('12 min');
		expect(formatDuration(65 * 60)).toBe('1 h 05');
	});
});
