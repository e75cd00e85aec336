import { describe, expect, it } from 'vitest';
import { capacityFromDraft, draftFromCapacity, draftFromForm, editDraft } from '../../../src/lib/appointments/capacity-form';
import { CapacitySettingsSchema } from '../../../src/lib/appointments/capacity';

const MORNING = { start: '08:00', end: '12:00', slotMinutes: 20, places: 2 };
const AFTERNOON = { start: '13:00', end: '17:00', slotMinutes: 30, places: 1 };
const CAPACITY = {
	template: { windows: { mon: [MORNING, AFTERNOON], tue: [MORNING], fri: [AFTERNOON] }, walkInShare: 0.3, horizonDays: 30, minNoticeMinutes: 120, oneActivePerCpf: false },
	exceptions: [
		{ date: '2026-03-16', kind: 'closed' as const, reason: 'Feriado local' },
		{ date: '2026-03-18', kind: 'reduced' as const, windows: [{ start: '09:00', end: '10:00', slotMinutes: 20, places: 1 }, { start: '10:30', end: '11:00', slotMinutes: 30, places: 1 }] }
	]
};

/** The draft as the browser would post it back. */
function posted(draft: ReturnType<typeof draftFromCapacity>): FormData {
	const form = new FormData();
	draft.windows.forEach((w, i) => {
		for (const d of w.days) form.append(`w.${i}.days`, d);
		for (const k of ['start', 'end', 'slotMinutes', 'places'] as const) form.append(`w.${i}.${k}`, String(w[k]));
	});
	draft.exceptions.forEach((x, i) => {
		for (const k of ['date', 'kind', 'reason', 'start', 'end', 'slotMinutes', 'places'] as const) form.append(`x.${i}.${k}`, String(x[k]));
	});
	form.append('walkInPercent', String(draft.walkInPercent));
	form.append('horizonDays', String(draft.horizonDays));
	form.append('minNoticeMinutes', String(draft.minNoticeMinutes));
	if (draft.oneActivePerCpf) form.append('oneActivePerCpf', 'on');
	return form;
}

describe('capacity editor form', () => {
	it('groups equal windows of several weekdays into one row and a reduced date into one row per window', () => {
		const draft = draftFromCapacity(CAPACITY);
		expect(draft.windows).toEqual([
			{ days: ['mon', 'tue'], ...MORNING },
			{ days: ['mon', 'fri'], ...AFTERNOON }
		]);
		expect(draft.walkInPercent).toBe(30);
		expect(draft.exceptions.map((x) => `${x.date}:${x.kind}:${x.start}`)).toEqual(['2026-03-16:closed:', '2026-03-18:reduced:09:00', '2026-03-18:reduced:10:30']);
	});

	it('round-trips: stored → form → posted → the same capacity, valid for the schema', () => {
		const { input } = capacityFromDraft(draftFromForm(posted(draftFromCapacity(CAPACITY))));
		expect(CapacitySettingsSchema.parse(input)).toEqual(CAPACITY);
	});

	it('drops blank rows, asks for a weekday when times are given, and names schema errors by row', () => {
		const form = posted(draftFromCapacity(CAPACITY));
		form.append('w.7.start', '');
		form.append('w.7.end', '');
		form.append('w.9.start', '18:00');
		form.append('w.9.end', '19:00');
		const draft = draftFromForm(form);
		expect(draft.windows).toHaveLength(3);
		const { missingDays, editorFields } = capacityFromDraft(draft);
		expect(missingDays).toEqual({ 'w.2.days': expect.any(String) });
		expect(editorFields({ 'template.windows.fri.0.end': 'x', 'template.walkInShare': 'y', 'exceptions.1.windows.1.start': 'z', 'exceptions.0.date': 'w' })).toEqual({
			'w.1.end': 'x',
			walkInPercent: 'y',
			'x.2.start': 'z',
			'x.0.date': 'w'
		});
	});

	it('adds and removes rows', () => {
		const draft = draftFromCapacity(CAPACITY);
		expect(editDraft(draft, 'add-window')?.windows).toHaveLength(3);
		expect(editDraft(draft, 'remove-window-0')?.windows).toEqual([draft.windows[1]]);
		expect(editDraft(draft, 'add-exception')?.exceptions).toHaveLength(4);
		expect(editDraft(draft, 'remove-exception-2')?.exceptions).toEqual(draft.exceptions.slice(0, 2));
		expect(editDraft(draft, 'save')).toBeNull();
	});
});
