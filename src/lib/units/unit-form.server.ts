import { bool, num, str } from '$lib/server/http/form';
import { WEEKDAYS } from './hours';
import { hoursFromText } from './hours-text';

/** The unit form's fields as the UnitInput JSON (the schema judges them). */
export function unitFromForm(form: FormData) {
	const mode = str(form, 'orderingMode');
	return {
		slug: str(form, 'slug').trim(),
		name: str(form, 'name'),
		address: str(form, 'address'),
		region: str(form, 'region'),
		timezone: str(form, 'timezone'),
		hours: hoursFromText(Object.fromEntries(WEEKDAYS.map((d) => [d, str(form, `hours.${d}`)]))),
		issueOutsideHours: bool(form, 'issueOutsideHours'),
		kioskIssuesPerMinute: str(form, 'kioskIssuesPerMinute').trim() === '' ? undefined : num(form, 'kioskIssuesPerMinute'),
		ordering: mode === 'ratio' ? { mode, priorityCalls: num(form, 'priorityCalls'), normalCalls: num(form, 'normalCalls') } : { mode },
		active: form.has('active') ? bool(form, 'active') : true
	};
}
