import type { TicketChannel, TicketStatsDim } from '$lib/server/db/schema';
import type { Grouping } from './report-query';
import { planCoverage, type CoveragePlan, type DayRun } from './summary-coverage';
import { DAY_DIMS, dimOf, MONTH_ONLY_DIMS, type SummaryColumn, type SummaryPart, type TicketScope } from './summary-layout';

/*
 * How a report is read, decided before any SQL runs: for each table, which summaries (which dim,
 * whole months or days, narrowed to which keys) and which days must be added up from the tickets
 * themselves. Pure: the store says which days and months are summarised, runs the reads this
 * plans, and adds them up.
 */

/** A filter with every code resolved to ids; empty lists mean "all". */
export interface ResolvedFilter {
	readonly from: string;
	readonly to: string;
	readonly unitIds: readonly string[];
	readonly serviceIds: readonly string[];
	readonly clerkIds: readonly string[];
	/** null: every priority; otherwise these groups, and tickets without one when `normal` is on. */
	readonly priority: { readonly groupIds: readonly string[]; readonly normal: boolean } | null;
	readonly channels: readonly TicketChannel[];
}

/** The groups report tables add up: the unit as a whole (key ''), or one of its services, hours or clerks. */
export type Group = 'unit' | 'service' | 'hour' | 'clerk';
const GROUP_COLUMN: Record<Group, SummaryColumn | null> = { unit: null, service: 'service', hour: 'hour', clerk: 'clerk' };

/** Which days and whole months of the range one unit has summarised. */
export interface UnitSummaries {
	readonly unitId: string;
	readonly days: ReadonlySet<string>;
	readonly months: ReadonlySet<string>;
}

/** Units whose summaries cover the range alike, read with one plan. */
export interface UnitsCoverage {
	readonly unitIds: readonly string[];
	readonly plan: CoveragePlan;
}

/** Some units' summary rows: whole months, or one run of days. */
export type SummaryRange =
	| { readonly unitIds: readonly string[]; readonly span: 'month'; readonly months: readonly string[] }
	| { readonly unitIds: readonly string[]; readonly span: 'day'; readonly run: DayRun };

/** Summary rows a group reads: its dim's over one range, narrowed by the filter, keyed by the group's column. */
export interface SummaryRead {
	readonly part: SummaryPart;
	readonly group: Group;
	readonly dim: TicketStatsDim;
	/** The column of the dim's key the group's rows are keyed by; null for the unit as a whole. */
	readonly keyColumn: SummaryColumn | null;
	/** The columns of the dim's key the filter narrows, each with the values it keeps (none: nothing). */
	readonly narrow: ReadonlyMap<SummaryColumn, readonly string[]>;
	readonly range: SummaryRange;
}

/** Groups added up from the tickets themselves, in one pass over the scope's tickets. */
export interface TicketRead {
	readonly part: SummaryPart;
	readonly groups: readonly Group[];
	readonly scope: TicketScope;
}

/** A table of the report's answer: its name, the rows it adds up, and the keys it groups them by. */
export type ReportTable = 'total' | 'day' | 'unit' | 'service' | 'estimate' | 'estimate_unit' | 'estimate_hour' | 'hour' | 'clerk';
export type TableKey = 'day' | 'unit' | 'key';
export interface TablePlan {
	readonly table: ReportTable;
	/** `all`: every read but the per-day summaries (months included); `daily`: the whole per day. */
	readonly rows: 'all' | 'daily';
	readonly group: Group;
	/** What the table's rows are keyed by (none for the total, the one row without a group). */
	readonly keys: readonly [TableKey | null, TableKey | null];
}

export interface ReportPlan {
	/** Summary rows for every table but the per-day one: whole months where the range holds them. */
	readonly summaries: readonly SummaryRead[];
	/** Summarised days of the whole, for the per-day table (which month rows cannot feed). */
	readonly dailySummaries: readonly SummaryRead[];
	/** The rest, from the tickets; these feed the per-day table too. */
	readonly tickets: readonly TicketRead[];
	readonly tables: readonly TablePlan[];
}

/** For each unit, how its range is read; units summarised alike share one plan (one condition in SQL). */
export function coverageOfUnits(from: string, to: string, units: readonly UnitSummaries[]): UnitsCoverage[] {
	const alike = new Map<string, { unitIds: string[]; unit: UnitSummaries }>();
	for (const unit of units) {
		const signature = `${[...unit.days].sort().join(',')}|${[...unit.months].sort().join(',')}`;
		const entry = alike.get(signature);
		if (entry) entry.unitIds.push(unit.unitId);
		else alike.set(signature, { unitIds: [unit.unitId], unit });
	}
	return [...alike.values()].map(({ unitIds, unit }) => ({ unitIds, plan: planCoverage(from, to, unit.days, unit.months) }));
}

/** Clerk, priority and channel filters narrow tickets only: appointments, and their reminders, have none of them. */
export function narrowsTicketsOnly(f: ResolvedFilter): boolean {
	return f.clerkIds.length > 0 || f.priority !== null || f.channels.length > 0;
}

/** The report's tickets over its whole range, every day read from the tickets: the CSV export's and the dead letters'. */
export function wholeRangeScope(f: ResolvedFilter): TicketScope {
	return { ...f, parts: [{ unitIds: f.unitIds, runs: [{ from: f.from, to: f.to, days: 0 }] }] };
}

/** The summary columns a filter narrows, each with the key values it keeps. */
function filterValues(f: ResolvedFilter): Map<SummaryColumn, readonly string[]> {
	const out = new Map<SummaryColumn, readonly string[]>();
	if (f.serviceIds.length) out.set('service', f.serviceIds);
	if (f.clerkIds.length) out.set('clerk', f.clerkIds);
	if (f.priority) out.set('priority', [...f.priority.groupIds, ...(f.priority.normal ? [''] : [])]);
	if (f.channels.length) out.set('channel', f.channels);
	return out;
}

/**
 * Where a group's figures come from under a filter: the dim that groups by the filter's columns
 * and the group's, and how far it is summarised — per day, per month only, or not at all (then
 * every day is read from the tickets).
 */
function sourceOf(filter: ReadonlyMap<SummaryColumn, readonly string[]>, group: Group) {
	const column = GROUP_COLUMN[group];
	const dim = dimOf([...new Set([...filter.keys(), ...(column ? [column] : [])])]);
	// The whole feeds the per-day table too, which month rows cannot: without day rows, tickets.
	const monthly = dim !== null && MONTH_ONLY_DIMS.includes(dim) && group !== 'unit';
	const span = dim && DAY_DIMS.includes(dim) ? 'day' : monthly ? 'month' : 'none';
	return { dim, span } as const;
}

/**
 * Tickets issued, served, missed… with wait and service time statistics and ratings: the total
 * and one table per grouping. Closed days come from their summaries (whole months at once where
 * the range holds them), the rest — today, a day not summarised yet or reopened since — from the
 * tickets, through the same summary SQL. A filter on services, clerks, priority groups or channels
 * reads the dim split by them, keeping the rows whose key holds a chosen value; appointments,
 * which those filters (but services) do not narrow, come from the unit's or the services' rows.
 * Groups no dim splits that way (two of clerk, priority and channel at once, or a service's hours
 * outside whole months) are read from the tickets.
 */
export function planReport(f: ResolvedFilter, groupings: readonly Grouping[], summarised: readonly UnitSummaries[]): ReportPlan {
	const wants = (g: Grouping) => groupings.includes(g);
	const groups: Group[] = ['unit', ...(['service', 'hour', 'clerk'] as const).filter(wants)];
	const coverage = coverageOfUnits(f.from, f.to, summarised);
	const filter = filterValues(f);
	// Appointments are narrowed by services only: when other filters apply they are a family apart.
	const appointmentFilter = new Map([...filter].filter(([c]) => c === 'service'));
	const families: { part: SummaryPart; filter: ReadonlyMap<SummaryColumn, readonly string[]>; groups: readonly Group[] }[] = narrowsTicketsOnly(f)
		? [
				{ part: 'tickets', filter, groups },
				{ part: 'appointments', filter: appointmentFilter, groups: groups.filter((g) => g === 'unit' || g === 'service') }
			]
		: [{ part: 'both', filter, groups }];

	const months = (unitIds: readonly string[], list: readonly string[]): SummaryRange[] => (list.length ? [{ unitIds, span: 'month', months: list }] : []);
	const days = (unitIds: readonly string[], runs: readonly DayRun[]): SummaryRange[] => runs.map((run) => ({ unitIds, span: 'day', run }));
	/** The days each span of summary leaves to the tickets. */
	const ticketRuns = (span: 'day' | 'month' | 'none', plan: CoveragePlan): DayRun[] =>
		span === 'day' ? [...plan.tickets] : span === 'month' ? [...plan.tickets, ...plan.days] : [{ from: f.from, to: f.to, days: 0 }];

	const summaries: SummaryRead[] = [];
	const dailySummaries: SummaryRead[] = [];
	const tickets: TicketRead[] = [];
	for (const family of families) {
		const sources = family.groups.map((group) => ({ group, ...sourceOf(family.filter, group) }));
		for (const { group, dim, span } of sources) {
			if (!dim || span === 'none') continue;
			const read = (range: SummaryRange): SummaryRead => ({ part: family.part, group, dim, keyColumn: GROUP_COLUMN[group], narrow: family.filter, range });
			const ranges = coverage.flatMap((c) => (span === 'day' ? [...months(c.unitIds, c.plan.months), ...days(c.unitIds, c.plan.days)] : months(c.unitIds, c.plan.months)));
			summaries.push(...ranges.map(read));
			if (group === 'unit' && span === 'day') dailySummaries.push(...coverage.flatMap((c) => days(c.unitIds, c.plan.allDays)).map(read));
		}
		// Groups that leave the same days to the tickets are read in one pass over them.
		for (const span of ['day', 'month', 'none'] as const) {
			const spanGroups = sources.filter((x) => x.span === span).map((x) => x.group);
			const parts = coverage.map((c) => ({ unitIds: c.unitIds, runs: ticketRuns(span, c.plan) })).filter((p) => p.runs.length);
			if (spanGroups.length && parts.length) {
				const scope = { serviceIds: f.serviceIds, clerkIds: f.clerkIds, priority: f.priority, channels: f.channels, parts };
				tickets.push({ part: family.part, groups: spanGroups, scope });
			}
		}
	}
	return { summaries, dailySummaries, tickets, tables: tablesOf(wants) };
}

/** The report's tables: the total, one per grouping asked for, and the estimates' accuracy per unit, service and hour. */
function tablesOf(wants: (g: Grouping) => boolean): TablePlan[] {
	const table = (name: ReportTable, group: Group, keys: TablePlan['keys'], rows: TablePlan['rows'] = 'all'): TablePlan => ({ table: name, rows, group, keys });
	return [
		table('total', 'unit', [null, null]),
		...(wants('day') ? [table('day', 'unit', ['day', null], 'daily')] : []),
		...(wants('unit') ? [table('unit', 'unit', ['unit', null])] : []),
		...(wants('service') ? [table('service', 'service', ['key', null])] : []),
		...(wants('unit') && wants('service') ? [table('estimate', 'service', ['unit', 'key'])] : []),
		...(wants('unit') ? [table('estimate_unit', 'unit', ['unit', null])] : []),
		...(wants('hour') ? [table('estimate_hour', 'hour', [null, 'key'])] : []),
		...(wants('hour') ? [table('hour', 'hour', ['key', null])] : []),
		...(wants('clerk') ? [table('clerk', 'clerk', ['key', null])] : [])
	];
}
