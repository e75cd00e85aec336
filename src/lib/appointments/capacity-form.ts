import { bool, num, str } from '$lib/server/http/form';
import { WEEKDAYS, type Weekday } from '$lib/units/hours';
import type { CapacityWindow, StoredCapacityException, StoredCapacityTemplate } from './capacity';

/*
 * The capacity editor form of /manage/appointments. Managers edit rows — a window with the
 * weekdays it applies to, an exception date with one window — and the rows become the
 * CapacitySettingsSchema JSON that `setCapacity` judges. The schema's error paths
 * (`template.windows.mon.1.end`) are mapped back to the row that produced them (`w.0.end`), so
 * each error shows next to its field.
 */

type FormNumber = number | string;

/** A window row: the same window on every checked weekday. */
export interface WindowRow {
	days: Weekday[];
	start: string;
	end: string;
	slotMinutes: FormNumber;
	places: FormNumber;
}

/** An exception row; several `reduced` rows of one date are that date's windows. */
export interface ExceptionRow {
	date: string;
	kind: 'closed' | 'reduced';
	reason: string;
	start: string;
	end: string;
	slotMinutes: FormNumber;
	places: FormNumber;
}

/** The editor's contents: what the form shows and what it posts back. */
export interface CapacityDraft {
	windows: WindowRow[];
	/** The walk-in share as a percentage (0–100). */
	walkInPercent: FormNumber;
	horizonDays: FormNumber;
	minNoticeMinutes: FormNumber;
	oneActivePerCpf: boolean;
	exceptions: ExceptionRow[];
}

const blankWindow = (): WindowRow => ({ days: [], start: '', end: '', slotMinutes: 15, places: 1 });
const blankException = (): ExceptionRow => ({ date: '', kind: 'closed', reason: '', start: '', end: '', slotMinutes: 15, places: 1 });

const sameWindow = (a: CapacityWindow, b: WindowRow) => a.start === b.start && a.end === b.end && a.slotMinutes === b.slotMinutes && a.places === b.places;

/** The stored capacity as editor rows: equal windows of different weekdays share one row. */
export function draftFromCapacity(capacity: { template: StoredCapacityTemplate; exceptions: readonly StoredCapacityException[] }): CapacityDraft {
	const windows: WindowRow[] = [];
	for (const day of WEEKDAYS) {
		for (const w of capacity.template.windows[day] ?? []) {
			const row = windows.find((r) => sameWindow(w, r));
			if (row) row.days.push(day);
			else windows.push({ days: [day], start: w.start, end: w.end, slotMinutes: w.slotMinutes, places: w.places });
		}
	}
	const exceptions: ExceptionRow[] = capacity.exceptions.flatMap((e) =>
		e.kind === 'closed'
			? [{ ...blankException(), date: e.date, reason: e.reason ?? '' }]
			: e.windows.map((w) => ({ date: e.date, kind: 'reduced' as const, reason: e.reason ?? '', start: w.start, end: w.end, slotMinutes: w.slotMinutes, places: w.places }))
	);
	return {
		windows,
		walkInPercent: Math.round(capacity.template.walkInShare * 10000) / 100,
		horizonDays: capacity.template.horizonDays,
		minNoticeMinutes: capacity.template.minNoticeMinutes,
		oneActivePerCpf: capacity.template.oneActivePerCpf !== false,
		exceptions
	};
}

/** Row indexes present in the form for a prefix (`w`, `x`), in order. */
function rowIndexes(form: FormData, prefix: string): number[] {
	const found = new Set<number>();
	const re = new RegExp(`^${prefix}\\.(\\d+)\\.`);
	for (const key of form.keys()) {
		const m = re.exec(key);
		if (m) found.add(Number(m[1]));
	}
	return [...found].sort((a, b) => a - b);
}

/** The posted editor; rows left entirely blank are dropped. */
export function draftFromForm(form: FormData): CapacityDraft {
	const windows = rowIndexes(form, 'w')
		.map((i) => ({
			days: WEEKDAYS.filter((d) => form.getAll(`w.${i}.days`).includes(d)),
			start: str(form, `w.${i}.start`).trim(),
			end: str(form, `w.${i}.end`).trim(),
			slotMinutes: num(form, `w.${i}.slotMinutes`),
			places: num(form, `w.${i}.places`)
		}))
		.filter((r) => r.days.length > 0 || r.start !== '' || r.end !== '');
	const exceptions = rowIndexes(form, 'x')
		.map((i) => ({
			date: str(form, `x.${i}.date`).trim(),
			kind: str(form, `x.${i}.kind`) === 'reduced' ? ('reduced' as const) : ('closed' as const),
			reason: str(form, `x.${i}.reason`).trim(),
			start: str(form, `x.${i}.start`).trim(),
			end: str(form, `x.${i}.end`).trim(),
			slotMinutes: num(form, `x.${i}.slotMinutes`),
			places: num(form, `x.${i}.places`)
		}))
		.filter((r) => r.date !== '' || r.reason !== '' || (r.kind === 'reduced' && (r.start !== '' || r.end !== '')));
	return {
		windows,
		walkInPercent: num(form, 'walkInPercent'),
		horizonDays: num(form, 'horizonDays'),
		minNoticeMinutes: num(form, 'minNoticeMinutes'),
		oneActivePerCpf: bool(form, 'oneActivePerCpf'),
		exceptions
	};
}

/** The editor's add/remove buttons: a changed draft, shown again without saving. */
export function editDraft(draft: CapacityDraft, op: string): CapacityDraft | null {
	if (op === 'add-window') return { ...draft, windows: [...draft.windows, blankWindow()] };
	if (op === 'add-exception') return { ...draft, exceptions: [...draft.exceptions, blankException()] };
	const m = /^remove-(window|exception)-(\d+)$/.exec(op);
	if (!m) return null;
	const at = Number(m[2]);
	return m[1] === 'window'
		? { ...draft, windows: draft.windows.filter((_, i) => i !== at) }
		: { ...draft, exceptions: draft.exceptions.filter((_, i) => i !== at) };
}

const windowOf = (r: { start: string; end: string; slotMinutes: FormNumber; places: FormNumber }) => ({
	start: r.start,
	end: r.end,
	slotMinutes: r.slotMinutes,
	places: r.places
});

/** The capacity JSON for `setCapacity`, rows without a weekday, and the schema's field errors renamed as editor fields. */
export function capacityFromDraft(draft: CapacityDraft): {
	input: unknown;
	missingDays: Record<string, string>;
	editorFields: (fields: Record<string, string>) => Record<string, string>;
} {
	const origin = new Map<string, string>();
	const windows: Partial<Record<Weekday, unknown[]>> = {};
	const missingDays: Record<string, string> = {};
	draft.windows.forEach((r, i) => {
		if (r.days.length === 0) missingDays[`w.${i}.days`] = 'Escolha ao menos um dia da semana';
	});
	for (const day of WEEKDAYS) {
		const rows = draft.windows.map((r, i) => ({ r, i })).filter(({ r }) => r.days.includes(day));
		if (rows.length === 0) continue;
		rows.sort((a, b) => a.r.start.localeCompare(b.r.start));
		rows.forEach(({ i }, j) => origin.set(`template.windows.${day}.${j}`, `w.${i}`));
		windows[day] = rows.map(({ r }) => windowOf(r));
	}
	const exceptions: unknown[] = [];
	const byDate = new Map<string, { index: number; windows: unknown[] }>();
	draft.exceptions.forEach((r, i) => {
		const open = r.kind === 'reduced' ? byDate.get(r.date) : undefined;
		if (open) {
			origin.set(`exceptions.${open.index}.windows.${open.windows.length}`, `x.${i}`);
			open.windows.push(windowOf(r));
			return;
		}
		const index = exceptions.length;
		origin.set(`exceptions.${index}`, `x.${i}`);
		const reason = r.reason ? { reason: r.reason } : {};
		if (r.kind === 'closed') {
			exceptions.push({ date: r.date, kind: 'closed', ...reason });
			return;
		}
		origin.set(`exceptions.${index}.windows.0`, `x.${i}`);
		const entry = { date: r.date, kind: 'reduced', windows: [windowOf(r)], ...reason };
		byDate.set(r.date, { index, windows: entry.windows });
		exceptions.push(entry);
	});
	const walkInShare = typeof draft.walkInPercent === 'number' ? draft.walkInPercent / 100 : draft.walkInPercent;
	const input = {
		template: { windows, walkInShare, horizonDays: draft.horizonDays, minNoticeMinutes: draft.minNoticeMinutes, oneActivePerCpf: draft.oneActivePerCpf },
		exceptions
	};
	const fieldOf = (path: string): string => {
		const parts = path.split('.');
		if (parts[0] === 'template' && parts[1] !== 'windows') return parts[1] === 'walkInShare' ? 'walkInPercent' : parts[1];
		// The deepest known row prefix, then the row's field (a whole-window error goes to its end time).
		for (let n = parts.length; n > 1; n--) {
			const row = origin.get(parts.slice(0, n).join('.'));
			if (row) {
				const rest = parts.slice(n);
				const field = rest.length === 0 ? (parts[0] === 'exceptions' && n === 2 ? 'date' : 'end') : rest[rest.length - 1];
				return `${row}.${field}`;
			}
		}
		return parts[0] === 'template' ? 'windows' : parts[0];
	};
	const editorFields = (fields: Record<string, string>) => {
		const out: Record<string, string> = {};
		for (const [path, message] of Object.entries(fields)) out[fieldOf(path)] ??= message;
		return out;
	};
	return { input, missingDays, editorFields };
}
