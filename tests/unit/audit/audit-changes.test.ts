import { describe, expect, it } from 'vitest';
import { changes } from '../../../src/lib/audit/audit.server';

describe('audit details of an edit', () => {
	it('keeps only the fields that changed, with their old and new values', () => {
		expect(changes({ name: 'Centro', region: 'Centro', hours: { mon: [['08:00', '17:00']] } }, { name: 'Centro', region: 'Norte', hours: { mon: [['08:00', '17:00']] } })).toEqual({
			before: { region: 'Centro' },
			after: { region: 'Norte' }
		});
	});

	it('records a field that did not exist before as null', () => {
		expect(changes({}, { ordering: { mode: 'strict' } })).toEqual({ before: { ordering: null }, after: { ordering: { mode: 'strict' } } });
	});

	it('is empty when nothing changed, whatever the order of keys the database returns', () => {
		expect(changes({ a: [1, 2] }, { a: [1, 2] })).toEqual({ before: {}, after: {} });
		expect(
			changes({ settings: { ordering: { mode: 'ratio', normalCalls: 1, priorityCalls: 2 }, issueOutsideHours: true } }, { settings: { issueOutsideHours: true, ordering: { mode: 'ratio', priorityCalls: 2, normalCalls: 1 } } })
		).toEqual({ before: {}, after: {} });
	});
});
