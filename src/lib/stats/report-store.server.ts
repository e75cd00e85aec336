import { DateTime } from 'luxon';
import { sql, type RawBuilder } from 'kysely';
import type { Db, Engine } from '$lib/server/db/database';
import type { Grouping } from './report-query';
import { monthStart } from './summary-coverage';
import { DIM_COLUMNS, MEASURES, SUMMED, type SummaryColumn } from './summary-layout';
import { narrowsTicketsOnly, planReport, wholeRangeScope, type ResolvedFilter, type SummaryRange, type SummaryRead, type TableKey, type UnitSummaries } from './report-plan';
import { namedIds, reportFiguresOf, type ReportFigures, type ReportNames, type SummedRow } from './report-figures';
import { scopeCondition, summaryRows } from './summary-store.server';

/*
 * The report's SQL. Everything is aggregated in the database: tickets from their daily and
 * monthly summaries (summary-store.server.ts), appointments and protocols over index ranges on
 * (unit_id, time), so a year of a city answers without moving rows to the app.
 */

/**
 * The report's ticket and appointment figures, read as `planReport` says (report-plan.ts), in one
 * statement: the summary rows and the tickets' are unioned, then each table adds them up into
 * the lines `reportFiguresOf` (report-figures.ts) makes figures of.
 */
export async function reportFigures(db: Db, f: ResolvedFilter, groupings: readonly Grouping[]): Promise<ReportFigures> {
	const plan = planReport(f, groupings, await summarisedSpans(db, f));
	const live = plan.tickets.map((read) => summaryRows(read.scope, read.groups, read.part));
	const liveNames = live.map((_, i) => sql.ref(`live${i}`));
	const union = (parts: RawBuilder<unknown>[]) => (parts.length ? sql.join(parts, sql` union all `) : sql`select ${NO_ROW} where false`);
	const ctes = [
		...live.map((rows, i) => sql`${liveNames[i]} as (select unit_id, day, dim, key, ${COLUMNS} from (${rows}) l)`),
		sql`coarse as (${union([...plan.summaries.map(summarySelect), ...liveNames.map((name) => sql`select * from ${name}`)])})`,
		sql`fine as (${union([...plan.dailySummaries.map(summarySelect), ...liveNames.map((name) => sql`select * from ${name} where dim = 'unit'`)])})`
	];
	const sums = sql.join(SUMMED.map((c) => sql`coalesce(sum(${sql.ref(c)}), 0)::float8 as ${sql.ref(c)}`));
	const keyOf = (k: TableKey | null) => (k === 'day' ? sql`day` : k === 'unit' ? sql`unit_id::text` : k === 'key' ? sql`key` : sql`''`);
	const branches = plan.tables.map(({ table, rows: source, group, keys }) => {
		const groupBy = keys.filter((k) => k !== null).map((k) => (k === 'unit' ? sql`unit_id` : sql.ref(k)));
		// Groups without tickets or appointments are left out: a summarised day without any has a row of zeros.
		const grouped = groupBy.length ? sql`group by ${sql.join(groupBy)} having sum(issued) > 0 or sum(appt_booked) > 0` : sql``;
		return sql`select ${table} as g, ${keyOf(keys[0])} as k1, ${keyOf(keys[1])} as k2, ${sums} from ${sql.raw(source === 'daily' ? 'fine' : 'coarse')} where dim = ${group} ${grouped}`;
	});
	const { rows } = await sql<SummedRow>`
		with ${sql.join(ctes)} ${sql.join(branches, sql` union all `)}`.execute(db);

	return reportFiguresOf(rows, await namesById(db, namedIds(rows)), groupings);
}

const COLUMNS = sql.join(SUMMED.map((c) => sql.ref(c)));
/** The summed columns with the tickets' left out: a unit's or service's appointments alone. */
const APPOINTMENT_COLUMNS = sql.join(
	SUMMED.map((c) => (c.startsWith('appt_') ? sql.ref(c) : (MEASURES as readonly string[]).includes(c) ? sql`0 as ${sql.ref(c)}` : sql`null::int as ${sql.ref(c)}`))
);
const NO_ROW = sql`null::uuid as unit_id, null::text as day, null::text as dim, null::text as key, ${sql.join(SUMMED.map((c) => sql`null::float8 as ${sql.ref(c)}`))}`;

/** Which days and whole months of the range each of the filter's units has summarised. */
async function summarisedSpans(db: Db, f: ResolvedFilter): Promise<UnitSummaries[]> {
	const rows = f.unitIds.length
		? await db
				.selectFrom('ticket_stats')
				.select(['unit_id', 'span', sql<string>`string_agg(day::text, ',' order by day)`.as('days')])
				.where('dim', '=', 'unit')
				.where('unit_id', 'in', f.unitIds)
				.where('day', '>=', monthStart(f.from))
				.where('day', '<=', f.to)
				.groupBy(['unit_id', 'span'])
				.execute()
		: [];
	const listed = (unitId: string, span: 'day' | 'month') => new Set(rows.find((r) => r.unit_id === unitId && r.span === span)?.days.split(',') ?? []);
	return f.unitIds.map((unitId) => ({ unitId, days: listed(unitId, 'day'), months: listed(unitId, 'month') }));
}

/** One range of a condition on (unit_id, span, day): each select is an index range on (unit_id, span, dim, day). */
function rangeCondition(r: SummaryRange) {
	return r.span === 'day'
		? sql`(unit_id in (${sql.join(r.unitIds)}) and span = 'day' and day between ${r.run.from}::date and ${r.run.to}::date)`
		: sql`(unit_id in (${sql.join(r.unitIds)}) and span = 'month' and day in (${sql.join(r.months.map((m) => sql`${m}::date`))}))`;
}

/** The summarised rows a read takes: its dim's over its range, narrowed by the filter, keyed by the group's value. */
function summarySelect(read: SummaryRead): RawBuilder<unknown> {
	const columns = DIM_COLUMNS[read.dim];
	const keyPart = (c: SummaryColumn) => (columns.length === 1 ? sql.ref('key') : sql`split_part(key, ':', ${sql.lit(columns.indexOf(c) + 1)})`);
	const narrowed = [...read.narrow].map(([c, values]) => (values.length ? sql`and ${keyPart(c)} in (${sql.join(values)})` : sql`and false`));
	return sql`select unit_id, day::text as day, ${read.group}::text as dim, ${read.keyColumn ? keyPart(read.keyColumn) : sql`''`} as key, ${read.part === 'appointments' ? APPOINTMENT_COLUMNS : COLUMNS}
		from ticket_stats where dim = ${read.dim} and ${rangeCondition(read.range)} ${sql.join(narrowed, sql` `)}`;
}

/** Slugs, codes and names of the units, services and clerks a report's lines name by id. */
async function namesById(db: Db, ids: ReturnType<typeof namedIds>): Promise<ReportNames> {
	const [units, services, clerks] = await Promise.all([
		ids.unitIds.length ? db.selectFrom('units').select(['id', 'slug as key', 'name']).where('id', 'in', ids.unitIds).execute() : [],
		ids.serviceIds.length ? db.selectFrom('services').select(['id', 'code as key', 'name']).where('id', 'in', ids.serviceIds).execute() : [],
		ids.clerkIds.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids.clerkIds).execute() : []
	]);
	return {
		units: new Map(units.map((u) => [u.id, u])),
		services: new Map(services.map((s) => [s.id, s])),
		clerks: new Map(clerks.map((c) => [c.id, c.name]))
	};
}

export interface ProtocolRow {
	key: string;
	label: string;
	opened: number;
	concludedOnTime: number;
	/** Concluded after the due date, or still open past it. */
	overdue: number;
}

/**
 * Protocols opened at the chosen units in the range (local days in each unit's zone), in total
 * and per service: how many, how many were concluded by their due date, how many missed it.
 * The range on created_at is widened by a day each side for the index, then cut exactly on the
 * local date.
 */
export async function protocolFigures(db: Db, f: ResolvedFilter, now: Date): Promise<{ total: ProtocolRow | null; byService: ProtocolRow[] }> {
	// The range as instants in each zone of the units: an index range on (unit_id, created_at),
	// with no zone conversion per protocol.
	if (!f.unitIds.length) return { total: null, byService: [] };
	const zones = new Map<string, string[]>();
	for (const u of await db.selectFrom('units').select(['id', 'timezone']).where('id', 'in', f.unitIds).execute()) zones.set(u.timezone, [...(zones.get(u.timezone) ?? []), u.id]);
	const ranges = [...zones].map(([zone, unitIds]) => ({
		unitIds,
		start: DateTime.fromISO(f.from, { zone }).toJSDate(),
		end: DateTime.fromISO(f.to, { zone }).plus({ days: 1 }).toJSDate()
	}));
	const start = new Date(Math.min(...ranges.map((r) => r.start.getTime())));
	// When each was concluded (its last conclusion, after a reopening): one pass over the
	// conclusions since the range began, hashed, rather than an index probe per protocol.
	const concluded = db
		.selectFrom('protocol_events as e')
		.select(['e.protocol_id', (eb) => eb.fn.max('e.at').as('at')])
		.where('e.to_status', '=', 'concluido')
		.where('e.at', '>=', start)
		.groupBy('e.protocol_id');
	let inRange = db
		.selectFrom('protocols as p')
		.innerJoin('services as s', 's.id', 'p.service_id')
		.leftJoin(concluded.as('c'), 'c.protocol_id', 'p.id')
		.where((eb) =>
			eb.or(ranges.map((r) => eb.and([eb('p.unit_id', 'in', r.unitIds), eb('p.created_at', '>=', r.start), eb('p.created_at', '<', r.end)])))
		)
		.select([
			's.code',
			's.name',
			'p.status',
			'p.due_at',
			'p.overdue',
			'c.at as concluded_at'
		]);
	if (f.serviceIds.length) inRange = inRange.where('p.service_id', 'in', f.serviceIds);
	const rows = await db
		.selectFrom(inRange.as('x'))
		.select([
			sql<number>`grouping(x.code)`.as('g'),
			'x.code',
			sql<string>`min(x.name)`.as('label'),
			sql<number>`count(*)::int`.as('opened'),
			sql<number>`(count(*) filter (where x.status = 'concluido' and x.concluded_at <= x.due_at))::int`.as('concludedOnTime'),
			sql<number>`(count(*) filter (where (x.status = 'concluido' and x.concluded_at > x.due_at)
				or (x.status not in ('concluido', 'indeferido', 'cancelado') and (x.overdue or x.due_at < ${now}))))::int`.as('overdue')
		])
		.groupBy(sql`grouping sets ((), (x.code))`)
		.execute();
	const line = (r: (typeof rows)[number], key: string, label: string): ProtocolRow => ({ key, label, opened: r.opened, concludedOnTime: r.concludedOnTime, overdue: r.overdue });
	const total = rows.find((r) => Number(r.g) === 1);
	return {
		total: total ? line(total, 'total', '') : null,
		byService: rows
			.filter((r) => Number(r.g) === 0)
			.map((r) => line(r, String(r.code), String(r.label)))
			.sort((a, b) => a.label.localeCompare(b.label))
	};
}


/** Satisfaction per unit and service, from every rating given in a year (tickets and protocols). */
export async function annualSatisfaction(db: Db, unitIds: readonly string[], from: Date, to: Date) {
	const rows = await db
		.selectFrom('ratings as r')
		.innerJoin('units as u', 'u.id', 'r.unit_id')
		.innerJoin('services as s', 's.id', 'r.service_id')
		.where('r.unit_id', 'in', unitIds)
		.where('r.created_at', '>=', from)
		.where('r.created_at', '<', to)
		.select([
			'u.slug as unit',
			sql<string>`min(u.name)`.as('unitName'),
			's.code as service',
			sql<string>`min(s.name)`.as('serviceName'),
			sql<number>`(count(*) filter (where r.score = 1))::int`.as('s1'),
			sql<number>`(count(*) filter (where r.score = 2))::int`.as('s2'),
			sql<number>`(count(*) filter (where r.score = 3))::int`.as('s3'),
			sql<number>`(count(*) filter (where r.score = 4))::int`.as('s4'),
			sql<number>`(count(*) filter (where r.score = 5))::int`.as('s5'),
			sql<number>`count(r.comment)::int`.as('comments')
		])
		.groupBy(['u.slug', 's.code'])
		.orderBy(sql`min(u.name)`)
		.orderBy(sql`min(s.name)`)
		.execute();
	return rows;
}

/**
 * Visitor messages that gave up after every attempt (the dead letter, whose partial index of
 * migration 0030 finds them), however long ago: those about the report's tickets, and the
 * reminders of its units' appointments in its days (a reminder has no clerk, priority or channel,
 * so a report narrowed by those leaves them out). The count a manager acts on.
 */
export async function failedMessageCount(db: Db, f: ResolvedFilter): Promise<number> {
	if (!f.unitIds.length) return 0;
	const reminders = narrowsTicketsOnly(f) ? sql`false` : sql`a.unit_id in (${sql.join(f.unitIds)})
			${f.serviceIds.length ? sql`and a.service_id in (${sql.join(f.serviceIds)})` : sql``}
			and (a.start_at at time zone u.timezone)::date between ${f.from}::date and ${f.to}::date`;
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from visitor_messages m
		left join tickets t on t.id = m.ticket_id
		left join appointments a on a.id = m.appointment_id
		left join units u on u.id = a.unit_id
		where m.status = 'failed' and (
			(t.id is not null and ${scopeCondition(wholeRangeScope(f))})
			or (a.id is not null and ${reminders}))`.execute(db);
	return Number(rows[0]?.n ?? 0);
}

/** Tickets as rows for the raw CSV export: no citizen data exists on a ticket; ids are left out. */
export async function rawTickets(db: Db, f: ResolvedFilter, limit: number) {
	return db
		.selectFrom('tickets as t')
		.innerJoin('units as u', 'u.id', 't.unit_id')
		.innerJoin('services as s', 's.id', 't.service_id')
		.where(scopeCondition(wholeRangeScope(f)))
		.leftJoin('users as c', 'c.id', 't.clerk_id')
		.leftJoin('priority_groups as pg', 'pg.id', 't.priority_group_id')
		.leftJoin('counters as k', 'k.id', 't.counter_id')
		.leftJoin('ratings as r', 'r.ticket_id', 't.id')
		.select([
			'u.slug as unit',
			'u.timezone',
			't.day',
			't.number',
			's.code as service',
			'pg.code as priority',
			't.channel',
			't.status',
			't.issued_at',
			't.called_at',
			't.started_at',
			't.finished_at',
			'k.number as counter',
			'c.name as clerk',
			't.transfers',
			't.recalls',
			't.outcome',
			't.estimated_wait_minutes',
			'r.score'
		])
		.orderBy('t.issued_at')
		.limit(limit)
		.execute();
}

/** Clerks who served in the units, for the filter's list. */
export async function clerksOf(db: Db, unitIds: readonly string[]) {
	return db
		.selectFrom('users as c')
		.innerJoin('user_units as uu', 'uu.user_id', 'c.id')
		.where('uu.unit_id', 'in', unitIds)
		.where('c.role', 'in', ['clerk', 'manager'])
		.select(['c.id', 'c.name'])
		.distinct()
		.orderBy('c.name')
		.execute();
}

/** The services the units offer, for the filter's list (each once, by name). */
export async function serviceOptions(db: Db, unitIds: readonly string[]) {
	return db
		.selectFrom('unit_services')
		.innerJoin('services', 'services.id', 'unit_services.service_id')
		.where('unit_services.unit_id', 'in', unitIds)
		.select(['services.code', 'services.name'])
		.distinct()
		.orderBy('services.name')
		.execute();
}

/** The active priority groups, for the filter's list: "normal" is offered once, as "no priority", not again as a group. */
export async function priorityOptions(db: Db) {
	return db.selectFrom('priority_groups').select(['code', 'name']).where('active', '=', true).where('code', '!=', 'normal').orderBy('sort').execute();
}

/** The ids of the services or priority groups a filter names by code; unknown codes are left out. */
export async function idsOfCodes(db: Db, table: 'services' | 'priority_groups', codes: readonly string[]): Promise<string[]> {
	if (!codes.length) return [];
	const rows = await db.selectFrom(table).select(['id', 'code']).where('code', 'in', codes).execute();
	return rows.map((r) => r.id);
}

/**
 * Runs report queries in a read-only, repeatable-read transaction: what one call reads comes from
 * one snapshot, so the summaries it finds and the rows it then adds up agree, and so do the
 * totals of its tables. On PostgreSQL, JIT compilation is off for it (compiling the aggregates
 * took longer than running them on a year of tickets) and sorts get memory enough not to spill.
 */
export async function readingSnapshot<T>(db: Db, engine: Engine, fn: (db: Db) => Promise<T>): Promise<T> {
	return db
		.transaction()
		.setAccessMode('read only')
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			if (engine === 'postgres') {
				await sql`SET LOCAL jit = off`.execute(trx);
				await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
			}
			return fn(trx);
		});
}
