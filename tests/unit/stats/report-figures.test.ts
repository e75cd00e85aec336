import { describe, expect, it } from 'vitest';
import { namedIds, reportFiguresOf, type ReportNames, type SummedRow } from '../../../src/lib/stats/report-figures';
import { SUMMED, WAIT_BUCKETS } from '../../../src/lib/stats/summary-layout';

/** A summed line of a table: every column zero but those given. */
const line = (g: SummedRow['g'], k1: string, k2: string, sums: Record<string, number>): SummedRow =>
	({ ...Object.fromEntries(SUMMED.map((c) => [c, 0])), ...sums, g, k1, k2 }) as SummedRow;

const names: ReportNames = {
	units: new Map([['u1', { key: 'centro', name: 'Centro' }]]),
	services: new Map([['s1', { key: 'iptu', name: 'IPTU' }]]),
	clerks: new Map([['c1', 'Ana']])
};

describe('report figures', () => {
	it('averages waits over the tickets called, and takes the median from the merged buckets', () => {
		const waits = { [WAIT_BUCKETS[2]]: 3, [WAIT_BUCKETS[5]]: 1 };
		const figures = reportFiguresOf([line('total', '', '', { issued: 5, served: 4, waited: 4, wait_sum: 1200, ...waits })], names, []);
		expect(figures.total).toMatchObject({ issued: 5, served: 4, waitAvg: 300 });
		expect(figures.total!.waitP50).toBeLessThan(figures.total!.waitP90!);
		// A range without tickets has no total line, and no appointments either.
		expect(reportFiguresOf([line('total', '', '', {})], names, [])).toMatchObject({ total: null, appointments: { total: null } });
	});

	it('shows units and services by their codes and names, a clerk by name, and a day with appointments but no ticket only among appointments', () => {
		const rows = [
			line('unit', 'u1', '', { issued: 2 }),
			line('service', 's1', '', { issued: 2, appt_booked: 1 }),
			line('clerk', 'c1', '', { issued: 1 }),
			line('clerk', '', '', { issued: 1 }),
			line('day', '2026-03-02', '', { appt_booked: 3, appt_attended: 2 })
		];
		expect(namedIds(rows)).toEqual({ unitIds: ['u1'], serviceIds: ['s1'], clerkIds: ['c1'] });
		const figures = reportFiguresOf(rows, names, ['unit', 'service', 'clerk', 'day']);
		expect(figures.unit!.map((l) => [l.key, l.label])).toEqual([['centro', 'Centro']]);
		expect(figures.service!.map((l) => [l.key, l.label])).toEqual([['iptu', 'IPTU']]);
		expect(figures.clerk!.map((l) => [l.key, l.label])).toEqual([
			['', ''],
			['c1', 'Ana']
		]);
		expect(figures.day).toEqual([]);
		expect(figures.appointments.day!.map((l) => [l.key, l.booked, l.attended])).toEqual([['2026-03-02', 3, 2]]);
		expect(figures.appointments.service!.map((l) => l.label)).toEqual(['IPTU']);
	});

	it('measures the wait shown at issue against the wait that followed, unit lines first, and leaves out lines with none measured', () => {
		const rows = [
			line('estimate_hour', '', '09', { est_count: 2, est_error_sum: 120, est_sum: 1200, actual_sum: 1080, est_ranged: 2, est_in_range: 1 }),
			line('estimate_unit', 'u1', '', { est_count: 4, est_error_sum: 480, est_sum: 2400, actual_sum: 2640, naive_count: 4, naive_error_sum: 960, naive_bias_sum: -960 }),
			line('estimate', 'u1', 's1', { issued: 3 })
		];
		const { estimates } = reportFiguresOf(rows, names, ['unit', 'service', 'hour']);
		expect(estimates.map((e) => [e.scope, e.unit, e.hour])).toEqual([
			['unit', 'centro', null],
			['hour', '', '09']
		]);
		expect(estimates[0]).toMatchObject({ mae: 120, bias: -60, naiveMae: 240, naiveBias: -240, inRangeShare: null });
		expect(estimates[1]).toMatchObject({ mae: 60, bias: 60, inRangeShare: 0.5 });
	});
});
