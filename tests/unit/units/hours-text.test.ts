import { describe, expect, it } from 'vitest';
import { hoursFromText, hoursToText, textToIntervals } from '../../../src/lib/units/hours-text';
import { OpeningHoursSchema } from '../../../src/lib/units/hours';

describe('opening hours typed in a form', () => {
	it('reads one line per weekday into intervals, blank days closed', () => {
		expect(hoursFromText({ mon: '08:00-12:00, 13:00-17:00', tue: ' 08:00 – 17:00 ', sat: '' })).toEqual({
			mon: [['08:00', '12:00'], ['13:00', '17:00']],
			tue: [['08:00', '17:00']]
		});
	});

	it('round-trips what it shows', () => {
		const hours = { mon: [['08:00', '12:00'], ['13:00', '17:00']] as [string, string][], fri: [['07:00', '24:00']] as [string, string][] };
		const text = hoursToText(hours);
		expect(text).toMatchObject({ mon: '08:00-12:00, 13:00-17:00', fri: '07:00-24:00', sun: '' });
		expect(hoursFromText(text)).toEqual(hours);
	});

	it('leaves malformed pieces for the schema to reject by day and interval', () => {
		expect(textToIntervals('8h às 17h')).toEqual([['8h às 17h']]);
		const result = OpeningHoursSchema.safeParse(hoursFromText({ wed: '08:00-12:00, 8h' }));
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].path).toEqual(['wed', 1]);
	});
});
