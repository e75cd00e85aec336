import { describe, expect, it } from 'vitest';
import { isSaneDate, isSaneInstant } from '../../../src/lib/units/holidays';
import { dayRuns } from '../../../src/lib/stats/summary-coverage';
import { ReportQuery } from '../../../src/lib/stats/report-query';

describe('dates people may send', () => {
	it('are real calendar dates from 2000 to 2100', () => {
		for (const ok of ['2000-01-01', '2026-02-28', '2028-02-29', '2100-12-31']) expect(isSaneDate(ok), ok).toBe(true);
		for (const bad of ['0000-01-01', '1999-12-31', '2101-01-01', '9999-12-31', '2026-02-30', '2027-02-29', '2026-13-01', '26-01-01', '+02026-01-01', '2026-01-01T00:00']) {
			expect(isSaneDate(bad), bad).toBe(false);
		}
		expect(isSaneInstant(new Date('2026-03-10T10:00:00-03:00'))).toBe(true);
		expect(isSaneInstant(new Date('9999-12-31T10:00:00Z'))).toBe(false);
		expect(isSaneInstant(new Date('0001-01-01T00:00:00Z'))).toBe(false);
	});

	it('name the field of a report filter that falls outside', () => {
		const result = ReportQuery.safeParse({ from: '9999-12-30', to: '9999-12-31' });
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['from', 'to']);
	});
});

describe('day runs', () => {
	it('end at the last day even where ISO dates stop being comparable text', () => {
		expect(dayRuns('9999-12-30', '9999-12-31', () => true)).toEqual([{ from: '9999-12-30', to: '9999-12-31', days: 2 }]);
	});
});
