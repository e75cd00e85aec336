import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { TicketStatsDim } from '$lib/server/db/schema';
import { BUCKET_EDGES, BUCKETS } from './histogram';
import { monthEnd, monthStart, type DayRun } from './summary-coverage';
import { DAY_DIMS, DIM_COLUMNS, MEASURES, MONTH_ONLY_DIMS, SERVICE_BUCKETS, SUMMED, WAIT_BUCKETS, type SummaryPart, type TicketScope } from './summary-layout';

/*
 * Tickets summarised per unit and day (and month), per dim (summary-layout.ts), so a report
 * filtered on a channel, a priority group or a clerk adds up summaries too. The same SQL summarises
 * closed days into ticket_stats and summarises, on the fly, the days a report needs that are not
 * summarised yet (today, or a day the job has not reached): one definition of every figure.
 */

/** The summed columns that hold seconds (float8); the others are counts (int). */
const SECONDS = new Set<string>(['wait_sum', 'service_sum', 'est_error_sum', 'est_sum', 'actual_sum', 'naive_error_sum', 'naive_bias_sum', 'appt_late_sum']);
const typeOf = (column: string) => sql.raw(SECONDS.has(column) ? 'float8' : 'int');

const EDGES = sql.raw(`array[${BUCKET_EDGES.join(',')}]::float8[]`);
const WAIT = sql`extract(epoch from (t.called_at - t.queued_at))::float8`;
const SERVICE = sql`extract(epoch from (t.finished_at - coalesce(t.started_at, t.called_at)))::float8`;

/** The tickets (alias t) a scope takes in: also the raw CSV export's filter. */
export function scopeCondition(scope: TicketScope): RawBuilder<SqlBool> {
	const parts = scope.parts
		.filter((p) => p.unitIds.length && p.runs.length)
		.map((p) => sql`(t.unit_id in (${sql.join(p.unitIds)}) and (${sql.join(p.runs.map((r) => sql`t.day between ${r.from} and ${r.to}`), sql` or `)}))`);
	const conditions: RawBuilder<unknown>[] = [parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`];
	if (scope.serviceIds?.length) conditions.push(sql`t.service_id in (${sql.join(scope.serviceIds)})`);
	if (scope.clerkIds?.length) conditions.push(sql`t.clerk_id in (${sql.join(scope.clerkIds)})`);
	if (scope.channels?.length) conditions.push(sql`t.channel in (${sql.join(scope.channels)})`);
	const p = scope.priority;
	if (p) {
		const either: RawBuilder<unknown>[] = [];
		if (p.groupIds.length) either.push(sql`t.priority_group_id in (${sql.join(p.groupIds)})`);
		if (p.normal) either.push(sql`t.priority_group_id is null`);
		conditions.push(either.length ? sql`(${sql.join(either, sql` or `)})` : sql`false`);
	}
	return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

/**
 * Summary rows (unit_id, day, dim, key, then SUMMED) of the tickets and appointments in scope, per
 * unit and local day, for the dims asked for (keys: see DIM_COLUMNS; buckets hold NULL for zero).
 * Appointments count on the local day of their start, in the unit and service dims only, and the
 * clerk, priority and channel filters do not apply to them.
 */
export function summaryRows(scope: TicketScope, dims: readonly TicketStatsDim[], part: SummaryPart = 'both'): RawBuilder<unknown> {
	const appointmentDims = part === 'tickets' ? [] : dims.filter((d) => d === 'unit' || d === 'service');
	const parts = [...(part === 'appointments' ? [] : [ticketRows(scope, dims)]), ...(appointmentDims.length ? [appointmentRows(scope, appointmentDims)] : [])];
	if (parts.length === 1) return parts[0];
	const sums = sql.join(SUMMED.map((c) => sql`sum(${sql.ref(c)})::${typeOf(c)} as ${sql.ref(c)}`));
	return sql`select unit_id, day, dim, key, ${sums} from (${sql.join(parts, sql` union all `)}) p group by unit_id, day, dim, key`;
}

/**
 * Which set a row is of and its key: grouping(c1…cn) has the bit of each column the row's set
 * leaves out, so each dim has one value of it.
 */
function dimAndKey(dims: readonly TicketStatsDim[]) {
	const columns = [...new Set(dims.flatMap((d) => DIM_COLUMNS[d]))];
	if (!columns.length) return sql`'unit' as dim, '' as key`;
	const mask = (d: TicketStatsDim) => columns.reduce((m, c, i) => (DIM_COLUMNS[d].includes(c) ? m : m | (1 << (columns.length - 1 - i))), 0);
	const which = sql`grouping(${sql.join(columns.map((c) => sql.ref(`x.${c}`)))})`;
	const cases = (value: (d: TicketStatsDim) => RawBuilder<unknown>) =>
		sql`case ${which} ${sql.join(dims.map((d) => sql`when ${sql.lit(mask(d))} then ${value(d)}`), sql` `)} end`;
	const key = (d: TicketStatsDim) => (DIM_COLUMNS[d].length ? sql.join(DIM_COLUMNS[d].map((c) => sql.ref(`x.${c}`)), sql` || ':' || `) : sql`''`);
	return sql`${cases((d) => sql.lit(d))} as dim, ${cases(key)} as key`;
}

const DIM_SET = (d: TicketStatsDim) => sql`(${sql.join(['x.unit_id', 'x.day', ...DIM_COLUMNS[d].map((c) => `x.${c}`)].map((c) => sql.ref(c)))})`;

const count = (condition: RawBuilder<unknown>) => sql`(count(*) filter (where ${condition}))::int`;

function ticketRows(scope: TicketScope, dims: readonly TicketStatsDim[]): RawBuilder<unknown> {
	const done = sql`x.status = 'done'`;
	const buckets = (column: string, prefix: string) =>
		Array.from({ length: BUCKETS }, (_, i) => sql`nullif(count(*) filter (where x.${sql.raw(column)} = ${sql.lit(i + 1)}), 0)::int as ${sql.ref(`${prefix}${i}`)}`);
	/*
	 * The estimate printed on the ticket against the wait that followed, for tickets never
	 * transferred (a transfer resets the call, and the estimate was for the first queue).
	 */
	const measured = sql`t.transfers = 0 and t.called_at is not null and t.estimated_wait_minutes is not null`;
	const actual = sql`extract(epoch from (t.called_at - t.issued_at))::float8`;
	const estimate = sql`(t.estimated_wait_minutes * 60)::float8`;
	// The naive rule recorded beside it (people ahead × mean service time ÷ open counters), and the
	// range shown: read as whole minutes, as a visitor reads "12–18 min".
	const naive = sql`(t.naive_wait_minutes * 60)::float8`;
	return sql`
		select x.unit_id, x.day, ${dimAndKey(dims)},
			count(*)::int as issued,
			${count(done)} as served,
			${count(sql`x.status = 'no_show'`)} as no_show,
			${count(sql`x.status = 'cancelled'`)} as cancelled,
			coalesce(sum(x.transfers), 0)::int as transfers,
			count(x.wait)::int as waited,
			coalesce(sum(x.wait), 0) as wait_sum,
			coalesce(sum(x.service_time), 0) as service_sum,
			${count(sql`x.on_target`)} as on_target,
			count(x.score)::int as ratings,
			${count(sql`x.score >= 4`)} as satisfied,
			coalesce(sum(x.score), 0)::int as score_sum,
			count(x.est_error)::int as est_count,
			coalesce(sum(x.est_error), 0) as est_error_sum,
			coalesce(sum(x.estimate), 0) as est_sum,
			coalesce(sum(x.actual), 0) as actual_sum,
			count(x.in_range)::int as est_ranged,
			${count(sql`x.in_range`)} as est_in_range,
			count(x.naive_error)::int as naive_count,
			coalesce(sum(x.naive_error), 0) as naive_error_sum,
			coalesce(sum(x.naive_bias), 0) as naive_bias_sum,
			${count(sql`x.channel = 'remote'`)} as remote,
			${count(sql`x.channel = 'remote' and x.arrived`)} as remote_arrived,
			${count(sql`x.channel = 'remote' and x.status = 'expired'`)} as remote_expired,
			${count(sql`x.notified`)} as notified,
			${count(sql`x.notified and ${done}`)} as notified_served,
			${count(sql`x.notified and x.status = 'no_show'`)} as notified_no_show,
			0 as appt_booked, 0 as appt_attended, 0 as appt_no_show, 0 as appt_cancelled, 0 as appt_waited, 0::float8 as appt_late_sum,
			${sql.join([...buckets('wb', 'w'), ...buckets('sb', 's')])}
		from (
			select t.unit_id, t.day::text as day, t.service_id::text as service, coalesce(t.clerk_id::text, '') as clerk,
				coalesce(t.priority_group_id::text, '') as priority, t.channel::text as channel,
				lpad(extract(hour from t.issued_at at time zone u.timezone)::int::text, 2, '0') as hour,
				t.status, t.transfers, r.score, t.arrived_at is not null as arrived,
				-- Visitors who asked to be told of their turn (a watch, even one stopped since).
				exists (select 1 from ticket_watches w where w.ticket_id = t.id) as notified,
				case when t.called_at is not null then ${WAIT} end as wait,
				case when t.status = 'done' then ${SERVICE} end as service_time,
				t.called_at - t.queued_at <= make_interval(mins => s.expected_wait_minutes) as on_target,
				case when ${measured} then abs(${actual} - ${estimate}) end as est_error,
				case when ${measured} then ${estimate} end as estimate,
				case when ${measured} then ${actual} end as actual,
				case when ${measured} and t.estimated_wait_low is not null
					then round(${actual} / 60) between t.estimated_wait_low and t.estimated_wait_high end as in_range,
				case when ${measured} and t.naive_wait_minutes is not null then abs(${actual} - ${naive}) end as naive_error,
				case when ${measured} and t.naive_wait_minutes is not null then ${naive} - ${actual} end as naive_bias,
				case when t.called_at is not null then width_bucket(greatest(${WAIT}, 0), ${EDGES}) end as wb,
				case when t.status = 'done' then width_bucket(greatest(${SERVICE}, 0), ${EDGES}) end as sb
			from tickets t
			join units u on u.id = t.unit_id
			join services s on s.id = t.service_id
			left join ratings r on r.ticket_id = t.id
			where ${scopeCondition(scope)}
		) x
		group by grouping sets (${sql.join(dims.map(DIM_SET))})`;
}

/**
 * Appointments by the local day of their start: booked (all), attended (checked in), no-shows,
 * cancelled, and the wait from the booked time to the call of their ticket (0 when called early).
 * The start is read over an index range widened by a day each side, then cut on the local date.
 */
function appointmentRows(scope: TicketScope, dims: readonly TicketStatsDim[]): RawBuilder<unknown> {
	const localDate = sql`(a.start_at at time zone u.timezone)::date`;
	const instant = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
	const parts = scope.parts
		.filter((p) => p.unitIds.length && p.runs.length)
		.map(
			(p) =>
				sql`(a.unit_id in (${sql.join(p.unitIds)}) and (${sql.join(
					p.runs.map((r) => sql`(a.start_at >= ${instant(r.from, -1)} and a.start_at < ${instant(r.to, 2)} and ${localDate} between ${r.from}::date and ${r.to}::date)`),
					sql` or `
				)}))`
		);
	const services = scope.serviceIds?.length ? sql`and a.service_id in (${sql.join(scope.serviceIds)})` : sql``;
	const zero = MEASURES.filter((m) => !m.startsWith('appt_')).map((m) => sql`0::${typeOf(m)} as ${sql.ref(m)}`);
	const empty = [...WAIT_BUCKETS, ...SERVICE_BUCKETS].map((c) => sql`null::int as ${sql.ref(c)}`);
	return sql`
		select x.unit_id, x.day, ${dimAndKey(dims)},
			${sql.join(zero)},
			count(*)::int as appt_booked,
			${count(sql`x.status = 'checked_in'`)} as appt_attended,
			${count(sql`x.status = 'no_show'`)} as appt_no_show,
			${count(sql`x.status = 'cancelled'`)} as appt_cancelled,
			count(x.late)::int as appt_waited,
			coalesce(sum(x.late), 0) as appt_late_sum,
			${sql.join(empty)}
		from (
			select a.unit_id, ${localDate}::text as day, a.service_id::text as service, a.status,
				case when tk.called_at is not null then greatest(0, extract(epoch from (tk.called_at - a.start_at)))::float8 end as late
			from appointments a
			join units u on u.id = a.unit_id
			left join tickets tk on tk.appointment_id = a.id
			where ${parts.length ? sql.join(parts, sql` or `) : sql`false`} ${services}
		) x
		group by grouping sets (${sql.join(dims.map(DIM_SET))})`;
}

const COLUMNS = sql.join(['unit_id', 'span', 'day', 'dim', 'key', ...SUMMED].map((c) => sql.ref(c)));

/** Two-part advisory lock key of a unit's summaries: summarising and invalidating take it in turn. */
const lockUnit = (db: Db, unitId: string) => sql`select pg_advisory_xact_lock(hashtext('ticket_stats'), hashtext(${unitId}))`.execute(db);

/** Summarises a unit's days (closed ones: later changes must invalidate them). */
export async function summariseDays(db: Db, unitId: string, run: DayRun): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await lockUnit(trx, unitId);
		await trx.deleteFrom('ticket_stats').where('unit_id', '=', unitId).where('span', '=', 'day').where('day', '>=', run.from).where('day', '<=', run.to).execute();
		const rows = summaryRows({ parts: [{ unitIds: [unitId], runs: [run] }] }, DAY_DIMS);
		// Written in the order reports read them (a dim's rows over a range of days), so they share pages.
		await sql`insert into ticket_stats (${COLUMNS}) select r.unit_id, 'day', r.day::date, r.dim, r.key, ${sql.join(SUMMED.map((c) => sql.ref(`r.${c}`)))} from (${rows}) r order by r.dim, r.day, r.key`.execute(trx);
		// A day without tickets is summarised too: its zero 'unit' row says so.
		await sql`insert into ticket_stats (unit_id, span, day, dim, key)
			select ${unitId}, 'day', d::date, 'unit', '' from generate_series(${run.from}::date, ${run.to}::date, interval '1 day') d
			on conflict do nothing`.execute(trx);
	});
}

/** Adds up a unit's summarised days of a month into its month rows. */
export async function summariseMonth(db: Db, unitId: string, month: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await lockUnit(trx, unitId);
		const days = await trx
			.selectFrom('ticket_stats')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('unit_id', '=', unitId)
			.where('span', '=', 'day')
			.where('dim', '=', 'unit')
			.where('day', '>=', month)
			.where('day', '<=', monthEnd(month))
			.executeTakeFirstOrThrow();
		// A day invalidated since the caller looked: the month waits for the next run.
		if (Number(days.n) !== Number(monthEnd(month).slice(8, 10))) return;
		await trx.deleteFrom('ticket_stats').where('unit_id', '=', unitId).where('span', '=', 'month').where('day', '=', month).execute();
		const sums = sql.join(SUMMED.map((c) => sql`sum(${sql.ref(c)})`));
		await sql`insert into ticket_stats (${COLUMNS})
			select unit_id, 'month', ${month}::date, dim, key, ${sums}
			from ticket_stats where unit_id = ${unitId} and span = 'day' and day between ${month}::date and ${monthEnd(month)}::date
			group by unit_id, dim, key order by dim, key`.execute(trx);
		// The dims summarised per month only: from the month's tickets.
		const split = summaryRows({ parts: [{ unitIds: [unitId], runs: [{ from: month, to: monthEnd(month), days: 0 }] }] }, MONTH_ONLY_DIMS);
		await sql`insert into ticket_stats (${COLUMNS})
			select unit_id, 'month', ${month}::date, dim, key, ${sums} from (${split}) r
			group by unit_id, dim, key`.execute(trx);
	});
}

/** The local day of a unit's first ticket, if it has any: where its summaries begin. */
export async function firstTicketDay(db: Db, unitId: string): Promise<string | null> {
	const first = await db.selectFrom('tickets').select('day').where('unit_id', '=', unitId).orderBy('day').limit(1).executeTakeFirst();
	return first ? String(first.day) : null;
}

/** A unit's days, or whole months, from `from` to `to` that have no summary yet. */
export async function unsummarised(db: Db, unitId: string, span: 'day' | 'month', from: string, to: string): Promise<Set<string>> {
	const step = span === 'day' ? sql`interval '1 day'` : sql`interval '1 month'`;
	// A month counts once its last day has closed.
	const closed = span === 'day' ? sql`true` : sql`(d + interval '1 month' - interval '1 day')::date <= ${to}::date`;
	const { rows } = await sql<{ day: string }>`
		select d::date::text as day from generate_series(${from}::date, ${to}::date, ${step}) d
		where ${closed}
		and not exists (select 1 from ticket_stats s where s.unit_id = ${unitId} and s.span = ${span} and s.dim = 'unit' and s.day = d::date)
		order by 1`.execute(db);
	return new Set(rows.map((r) => r.day));
}

/**
 * Whether a unit's local day may be summarised already: from today's date in UTC on, never (no
 * zone is more than a day off UTC, and days are summarised two days after), so the frequent
 * changes to today's tickets skip the lock.
 */
const maybeSummarised = (day: string, now: Date) => day < now.toISOString().slice(0, 10);

/**
 * Summarised days that changed (a late rating, a ticket finished days later, the end-of-day
 * sweep, the no-show job): their summaries and their months' go, and reports read those days'
 * tickets until the job summarises them again. Call it in the change's transaction or after it
 * committed: the unit's lock, held to the end of the transaction the delete runs in, orders it
 * after any summary being written, so that summary is either up to date or deleted.
 */
export async function invalidateSummary(db: Db, unitId: string, days: readonly string[], now: Date): Promise<void> {
	const stale = days.filter((d) => maybeSummarised(d, now));
	if (!stale.length) return;
	const run = async (trx: Db) => {
		await lockUnit(trx, unitId);
		const months = [...new Set(stale.map(monthStart))];
		await sql`delete from ticket_stats where unit_id = ${unitId} and (
			(span = 'day' and day in (${sql.join(stale.map((d) => sql`${d}::date`))})) or
			(span = 'month' and day in (${sql.join(months.map((d) => sql`${d}::date`))})))`.execute(trx);
	};
	await (db.isTransaction ? run(db) : db.transaction().execute(run));
}
