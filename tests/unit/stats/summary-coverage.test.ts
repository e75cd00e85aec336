import { describe, expect, it } from 'vitest';
import { dayRuns, monthEnd, planCoverage } from '../../../src/lib/stats/summary-coverage';
import { addDays } from '../../../src/lib/stats/report-query';

const daysFrom = (from: string, to: string) => {
	const out = new Set<string>();
	for (let d = from; d <= to; d = addDays(d, 1)) out.add(d);
	return out;
};

describe('summary coverage', () => {
	it('knows month ends, leap years included', () => {
		expect(monthEnd('2028-02-10')).toBe('2028-02-29');
		expect(monthEnd('2026-02-01')).toBe('2026-02-28');
		expect(monthEnd('2026-12-31')).toBe('2026-12-31');
	});

	it('cuts the days that pass into runs, none longer than asked', () => {
		const odd = (d: string) => d !== '2026-03-04';
		expect(dayRuns('2026-03-01', '2026-03-06', odd)).toEqual([
			{ from: '2026-03-01', to: '2026-03-03', days: 3 },
			{ from: '2026-03-05', to: '2026-03-06', days: 2 }
		]);
		expect(dayRuns('2026-03-01', '2026-03-05', () => true, 2).map((r) => r.days)).toEqual([2, 2, 1]);
		expect(dayRuns('2026-03-01', '2026-03-02', () => false)).toEqual([]);
	});

	it('reads whole summarised months as months, other summarised days as days, and the rest from tickets', () => {
		// Summarised from 2026-01-01 to 2026-04-10, March as a month; the range is 2026-01-15 … 2026-04-20.
		const plan = planCoverage('2026-01-15', '2026-04-20', daysFrom('2026-01-01', '2026-04-10'), new Set(['2026-02-01', '2026-03-01']));
		expect(plan.months).toEqual(['2026-02-01', '2026-03-01']);
		expect(plan.days).toEqual([
			{ from: '2026-01-15', to: '2026-01-31', days: 17 },
			{ from: '2026-04-01', to: '2026-04-10', days: 10 }
		]);
		expect(plan.allDays).toEqual([{ from: '2026-01-15', to: '2026-04-10', days: 86 }]);
		expect(plan.tickets).toEqual([{ from: '2026-04-11', to: '2026-04-20', days: 10 }]);
	});

	it('reads a month from its days once one of them was reopened, and never a month the range only partly covers', () => {
		const days = daysFrom('2026-02-01', '2026-03-31');
		days.delete('2026-02-10');
		const plan = planCoverage('2026-02-01', '2026-03-30', days, new Set(['2026-02-01', '2026-03-01']));
		expect(plan.months).toEqual([]);
		expect(plan.tickets).toEqual([{ from: '2026-02-10', to: '2026-02-10', days: 1 }]);
		expect(plan.days).toEqual([
			{ from: '2026-02-01', to: '2026-02-09', days: 9 },
			{ from: '2026-02-11', to: '2026-03-30', days: 48 }
		]);
	});
});
