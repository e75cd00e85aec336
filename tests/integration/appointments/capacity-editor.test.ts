import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { getCapacity, setCapacity } from '../../../src/lib/appointments/capacity.server';
import { submitCapacityEditor } from '../../../src/lib/appointments/capacity-editor.server';

const MORNINGS = { start: '08:00', end: '12:00', slotMinutes: 20, places: 2 };
const TEMPLATE = { windows: { mon: [MORNINGS], wed: [MORNINGS] }, walkInShare: 0.25, horizonDays: 30, minNoticeMinutes: 60 };

/** The editor form as a manager posts it: one window row on Mon/Wed plus whatever `extra` sets or overrides. */
function editorForm(unit: GivenUnit, extra: [string, string][] = []): FormData {
	const form = new FormData();
	const fields: [string, string][] = [
		['unit', unit.slug],
		['service', unit.services.iptu],
		['op', 'save'],
		['w.0.days', 'mon'],
		['w.0.days', 'wed'],
		['w.0.start', '08:00'],
		['w.0.end', '12:00'],
		['w.0.slotMinutes', '20'],
		['w.0.places', '2'],
		['walkInPercent', '25'],
		['horizonDays', '30'],
		['minNoticeMinutes', '60'],
		['oneActivePerCpf', 'on']
	];
	const overridden = new Set(extra.map(([k]) => k));
	for (const [k, v] of [...fields.filter(([k]) => !overridden.has(k)), ...extra]) form.append(k, v);
	return form;
}

for (const engine of engines()) {
	describe(`capacity editor on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let manager: Actor;
		const audits = async () =>
			(await handle.db.selectFrom('audit_log').select('id').where('entity_id', '=', `${unit.slug}/${unit.services.iptu}`).execute()).length;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			unit = await givenUnit(handle.db);
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, { template: TEMPLATE });
		});
		afterAll(() => handle.close());

		it('saves windows, rules and exceptions from the form, audited', async () => {
			const before = await audits();
			const form = editorForm(unit, [
				['w.1.days', 'mon'],
				['w.1.start', '13:00'],
				['w.1.end', '17:00'],
				['w.1.slotMinutes', '30'],
				['w.1.places', '1'],
				['x.0.date', '2026-03-16'],
				['x.0.kind', 'closed'],
				['x.0.reason', 'Dedetização'],
				['x.1.date', '2026-03-18'],
				['x.1.kind', 'reduced'],
				['x.1.start', '09:00'],
				['x.1.end', '10:00'],
				['x.1.slotMinutes', '20'],
				['x.1.places', '1'],
				['x.2.date', '2026-03-18'],
				['x.2.kind', 'reduced'],
				['x.2.start', '10:30'],
				['x.2.end', '11:00'],
				['x.2.slotMinutes', '30'],
				['x.2.places', '1']
			]);
			form.delete('oneActivePerCpf');
			expect(await submitCapacityEditor(t.deps, manager, form)).toEqual({ saved: true });
			const saved = await getCapacity(t.deps, manager, unit.slug, unit.services.iptu);
			expect(saved?.template).toEqual({
				windows: { mon: [MORNINGS, { start: '13:00', end: '17:00', slotMinutes: 30, places: 1 }], wed: [MORNINGS] },
				walkInShare: 0.25,
				horizonDays: 30,
				minNoticeMinutes: 60,
				oneActivePerCpf: false
			});
			expect(saved?.exceptions).toEqual([
				{ date: '2026-03-16', kind: 'closed', reason: 'Dedetização' },
				{ date: '2026-03-18', kind: 'reduced', windows: [{ start: '09:00', end: '10:00', slotMinutes: 20, places: 1 }, { start: '10:30', end: '11:00', slotMinutes: 30, places: 1 }] }
			]);
			expect(await audits()).toBe(before + 1);
		});

		it('refuses bad input field by field and saves nothing', async () => {
			const stored = await getCapacity(t.deps, manager, unit.slug, unit.services.iptu);
			const before = await audits();
			const cases: { extra: [string, string][]; field: string }[] = [
				{ extra: [['w.0.start', '8h']], field: 'w.0.start' },
				{ extra: [['w.0.end', '08:10']], field: 'w.0.end' },
				{ extra: [['w.0.slotMinutes', 'vinte']], field: 'w.0.slotMinutes' },
				{ extra: [['w.0.places', '0']], field: 'w.0.places' },
				{ extra: [['walkInPercent', '150']], field: 'walkInPercent' },
				{ extra: [['horizonDays', '-1']], field: 'horizonDays' },
				{ extra: [['minNoticeMinutes', '']], field: 'minNoticeMinutes' },
				// A second window on Monday starting inside the first: the second row is named.
				{ extra: [['w.1.days', 'mon'], ['w.1.start', '11:00'], ['w.1.end', '13:00'], ['w.1.slotMinutes', '20'], ['w.1.places', '1']], field: 'w.1.start' },
				// Times but no weekday.
				{ extra: [['w.1.start', '13:00'], ['w.1.end', '14:00'], ['w.1.slotMinutes', '20'], ['w.1.places', '1']], field: 'w.1.days' },
				{ extra: [['x.0.date', '2026-02-30'], ['x.0.kind', 'closed']], field: 'x.0.date' },
				{ extra: [['x.0.date', '2026-03-20'], ['x.0.kind', 'closed'], ['x.1.date', '2026-03-20'], ['x.1.kind', 'closed']], field: 'x.1.date' },
				{ extra: [['x.0.date', '2026-03-20'], ['x.0.kind', 'reduced'], ['x.0.start', '10:00'], ['x.0.end', '09:00'], ['x.0.slotMinutes', '20'], ['x.0.places', '1']], field: 'x.0.end' }
			];
			for (const c of cases) {
				const e = await errorOf(submitCapacityEditor(t.deps, manager, editorForm(unit, c.extra)));
				expect(e.code, c.field).toBe('invalid_input');
				expect(Object.keys(e.fields ?? {}), c.field).toContain(c.field);
			}
			expect(await getCapacity(t.deps, manager, unit.slug, unit.services.iptu)).toEqual(stored);
			expect(await audits()).toBe(before);
		});

		it('adds and removes rows without saving, and stays managers-only', async () => {
			const before = await audits();
			const added = await submitCapacityEditor(t.deps, manager, editorForm(unit, [['op', 'add-window']]));
			expect('draft' in added && added.draft.windows).toHaveLength(2);
			const removed = await submitCapacityEditor(t.deps, manager, editorForm(unit, [['op', 'remove-window-0']]));
			expect('draft' in removed && removed.draft.windows).toEqual([]);
			expect(await audits()).toBe(before);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			expect(await codeOf(submitCapacityEditor(t.deps, clerk, editorForm(unit)))).toBe('forbidden');
		});
	});
}
