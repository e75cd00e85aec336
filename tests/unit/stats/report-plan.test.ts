import { describe, expect, it } from 'vitest';
import { planReport, type ResolvedFilter, type UnitSummaries } from '../../../src/lib/stats/report-plan';
import { addDays } from '../../../src/lib/stats/report-query';

const daysFrom = (from: string, to: string) => {
	const out = new Set<string>();
	for (let d = from; d <= to; d = addDays(d, 1)) out.add(d);
	return out;
};

/** A unit whose days are summarised up to `through` (the job runs two days behind), and these whole months. */
const summarisedUntil = (unitId: string, through: string, months: string[] = []): UnitSummaries => ({
	unitId,
	days: daysFrom('2026-01-01', through),
	months: new Set(months)
});

const ALL = ['day', 'hour', 'unit', 'service', 'clerk'] as const;
const filter = (over: Partial<ResolvedFilter>): ResolvedFilter => ({
	from: '2026-03-01',
	to: '2026-03-31',
	unitIds: ['centro', 'lagoa'],
	serviceIds: [],
	clerkIds: [],
	priority: null,
	channels: [],
	...over
});
const city = [summarisedUntil('centro', '2026-04-02', ['2026-03-01']), summarisedUntil('lagoa', '2026-04-02', ['2026-03-01'])];

describe('report plan', () => {
	it('answers a closed month of the whole city by channel from the month summaries, reading no ticket', () => {
		const plan = planReport(filter({ channels: ['remote'] }), ALL, city);
		expect(plan.tickets).toEqual([]);
		expect(plan.summaries.map((r) => [r.part, r.group, r.dim, r.range.span])).toEqual([
			['tickets', 'unit', 'channel', 'month'],
			['tickets', 'service', 'channel_service', 'month'],
			['tickets', 'hour', 'channel_hour', 'month'],
			['tickets', 'clerk', 'channel_clerk', 'month'],
			// Appointments have no channel: the city's and its services' appointments, whole.
			['appointments', 'unit', 'unit', 'month'],
			['appointments', 'service', 'service', 'month']
		]);
		// Both units in one read per group, keeping only the remote tickets' rows.
		expect(plan.summaries[0]).toMatchObject({ range: { unitIds: ['centro', 'lagoa'], months: ['2026-03-01'] }, narrow: new Map([['channel', ['remote']]]) });
		// The per-day table reads the days: a month row has no day in it.
		const march = { unitIds: ['centro', 'lagoa'], span: 'day', run: { from: '2026-03-01', to: '2026-03-31', days: 31 } };
		expect(plan.dailySummaries.map((r) => [r.part, r.dim, r.range])).toEqual([
			['tickets', 'channel', march],
			['appointments', 'unit', march]
		]);
	});

	it('reads appointments apart, narrowed by services only, when the report is filtered by channel, clerk or priority', () => {
		const plan = planReport(filter({ channels: ['remote'], serviceIds: ['iptu'] }), ALL, city);
		const appointments = plan.summaries.filter((r) => r.part === 'appointments');
		expect(appointments.map((r) => [r.group, r.dim])).toEqual([
			['unit', 'service'],
			['service', 'service']
		]);
		expect(appointments[0].narrow).toEqual(new Map([['service', ['iptu']]]));
		// Without such a filter, tickets and appointments come from the same rows.
		expect(new Set(planReport(filter({ serviceIds: ['iptu'] }), ALL, city).summaries.map((r) => r.part))).toEqual(new Set(['both']));
	});

	it('reads today, never summarised yet, from the live tickets and the days before from their summaries', () => {
		// Today is 2026-04-10; the job has summarised up to 2026-04-08.
		const units = [summarisedUntil('centro', '2026-04-08', ['2026-03-01'])];
		const plan = planReport(filter({ from: '2026-04-01', to: '2026-04-10', unitIds: ['centro'] }), ALL, units);
		expect(plan.tickets).toHaveLength(1);
		expect(plan.tickets[0]).toMatchObject({ part: 'both', groups: ['unit', 'service', 'hour', 'clerk'] });
		expect(plan.tickets[0].scope.parts).toEqual([{ unitIds: ['centro'], runs: [{ from: '2026-04-09', to: '2026-04-10', days: 2 }] }]);
		expect(plan.summaries.map((r) => r.range)).toContainEqual({ unitIds: ['centro'], span: 'day', run: { from: '2026-04-01', to: '2026-04-08', days: 8 } });
	});

	it('reads a unit whose summaries lag apart from those up to date, each from the tickets only where it must', () => {
		const units = [summarisedUntil('centro', '2026-03-29'), summarisedUntil('lagoa', '2026-03-31')];
		const plan = planReport(filter({}), [], units);
		expect(plan.tickets.map((t) => t.scope.parts)).toEqual([[{ unitIds: ['centro'], runs: [{ from: '2026-03-30', to: '2026-03-31', days: 2 }] }]]);
		expect(plan.summaries.map((r) => r.range.unitIds)).toEqual([['centro'], ['lagoa']]);
	});

	it('adds up one service’s hours from the month rows, and the days outside whole months from the tickets', () => {
		const plan = planReport(filter({ from: '2026-03-01', to: '2026-04-05', serviceIds: ['iptu'] }), ['hour'], city);
		const hour = plan.summaries.filter((r) => r.group === 'hour');
		expect(hour.map((r) => [r.dim, r.range.span])).toEqual([['service_hour', 'month']]);
		// The services' hours are summarised per month only: April's first days come from the tickets,
		// in a pass of their own beside the unit's (which reads only the unsummarised days).
		expect(plan.tickets.map((t) => [t.groups, t.scope.parts[0].runs])).toEqual([
			[['unit'], [{ from: '2026-04-03', to: '2026-04-05', days: 3 }]],
			[['hour'], [{ from: '2026-04-03', to: '2026-04-05', days: 3 }, { from: '2026-04-01', to: '2026-04-02', days: 2 }]]
		]);
	});

	it('reads the whole range from the tickets when priority and channel are chosen at once (no summary splits by both)', () => {
		const plan = planReport(filter({ priority: { groupIds: ['idoso'], normal: false }, channels: ['kiosk'] }), ['unit'], city);
		expect(plan.summaries.filter((r) => r.part === 'tickets')).toEqual([]);
		const tickets = plan.tickets.filter((t) => t.part === 'tickets');
		expect(tickets).toHaveLength(1);
		expect(tickets[0].scope).toMatchObject({ priority: { groupIds: ['idoso'], normal: false }, channels: ['kiosk'], parts: [{ unitIds: ['centro', 'lagoa'], runs: [{ from: '2026-03-01', to: '2026-03-31' }] }] });
	});

	it('keeps no priority row when the filter chose neither a group nor tickets without one, and the empty key for "no priority"', () => {
		expect(planReport(filter({ priority: { groupIds: [], normal: false } }), [], city).summaries[0].narrow).toEqual(new Map([['priority', []]]));
		expect(planReport(filter({ priority: { groupIds: ['idoso'], normal: true } }), [], city).summaries[0].narrow).toEqual(new Map([['priority', ['idoso', '']]]));
	});

	it('makes only the total for a unit’s summary, and every table with the estimates’ accuracy for the full report', () => {
		expect(planReport(filter({}), [], city).tables.map((t) => t.table)).toEqual(['total']);
		const tables = planReport(filter({}), ALL, city).tables;
		expect(tables.map((t) => t.table)).toEqual(['total', 'day', 'unit', 'service', 'estimate', 'estimate_unit', 'estimate_hour', 'hour', 'clerk']);
		expect(tables.filter((t) => t.rows === 'daily').map((t) => t.table)).toEqual(['day']);
	});

	it('reads nothing for a report of no unit', () => {
		const plan = planReport(filter({ unitIds: [] }), ALL, []);
		expect([plan.summaries, plan.dailySummaries, plan.tickets]).toEqual([[], [], []]);
	});
});
