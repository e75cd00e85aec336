import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { TicketChannel } from '$lib/server/db/schema';
import type { Grouping } from './report-query';

/*
 * The report's SQL. Everything is aggregated in the database over the tickets of the chosen
 * units and local days — an index range on (unit_id, day) — so a year of a city answers
 * without moving rows to the app. percentile_cont is the same on PGlite and PostgreSQL.
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

/** One line of ticket figures as SQL returns them (durations in seconds). */
export interface TicketFigureRow {
	key: string;
	label: string;
	issued: number;
	served: number;
	noShow: number;
	cancelled: number;
	transfers: number;
	/** Tickets with a measured wait (called at least once). */
	waited: number;
	waitAvg: number | null;
	waitP50: number | null;
	waitP90: number | null;
	serviceAvg: number | null;
	serviceP50: number | null;
	serviceP90: number | null;
	/** Waits within the service's Carta target. */
	onTarget: number;
	ratings: number;
	satisfied: number;
	scoreSum: number;
}

const WAIT = sql<number>`extract(epoch from (t.called_at - t.queued_at))::float8`;
const SERVICE = sql<number>`extract(epoch from (t.finished_at - coalesce(t.started_at, t.called_at)))::float8`;

const HOUR = sql<string>`lpad(extract(hour from t.issued_at at time zone u.timezone)::int::text, 2, '0')`;
const CLERK = sql<string>`coalesce(t.clerk_id::text, '')`;

/**
 * Each grouping's key. Names are looked up afterwards (namesOf): text columns carried through
 * the sorts of a year of tickets made them spill to disk.
 */
const KEYS: Record<Grouping, RawBuilder<string>> = {
	day: sql`t.day`,
	hour: HOUR,
	unit: sql`u.slug`,
	service: sql`s.code`,
	clerk: CLERK
};

/** The names of the keys of a grouping (a day and an hour are their own names). */
async function namesOf(db: Db, grouping: Grouping, keys: readonly string[]): Promise<Map<string, string>> {
	const wanted = keys.filter(Boolean);
	if (!wanted.length || grouping === 'day' || grouping === 'hour') return new Map(keys.map((k) => [k, k]));
	const rows =
		grouping === 'unit'
			? await db.selectFrom('units').select(['slug as key', 'name']).where('slug', 'in', wanted).execute()
			: grouping === 'service'
				? await db.selectFrom('services').select(['code as key', 'name']).where('code', 'in', wanted).execute()
				: await db.selectFrom('users').select([sql<string>`id::text`.as('key'), 'name']).where(sql<string>`id::text`, 'in', wanted).execute();
	return new Map(rows.map((r) => [r.key, r.name]));
}

function ticketsIn(db: Db, f: ResolvedFilter) {
	let q = db
		.selectFrom('tickets as t')
		.innerJoin('units as u', 'u.id', 't.unit_id')
		.innerJoin('services as s', 's.id', 't.service_id')
		.where('t.unit_id', 'in', f.unitIds)
		.where('t.day', '>=', f.from)
		.where('t.day', '<=', f.to);
	if (f.serviceIds.length) q = q.where('t.service_id', 'in', f.serviceIds);
	if (f.clerkIds.length) q = q.where('t.clerk_id', 'in', f.clerkIds);
	if (f.channels.length) q = q.where('t.channel', 'in', f.channels);
	const p = f.priority;
	if (p) {
		q = q.where((eb) => {
			const parts: Expression<SqlBool>[] = [];
			if (p.groupIds.length) parts.push(eb('t.priority_group_id', 'in', p.groupIds));
			if (p.normal) parts.push(eb('t.priority_group_id', 'is', null));
			return parts.length ? eb.or(parts) : eb.val(false);
		});
	}
	return q;
}

/**
 * Tickets issued, served, missed… with wait and service time statistics and ratings: the total
 * and one table per grouping, from ONE scan of the range (GROUPING SETS). Both percentiles of a
 * duration come from one sort (percentile_cont over an array of fractions).
 */
export async function ticketFigures(
	db: Db,
	f: ResolvedFilter,
	groupings: readonly Grouping[]
): Promise<{ total: TicketFigureRow | null; estimates: EstimateRow[] } & Partial<Record<Grouping, TicketFigureRow[]>>> {
	const done = sql`t.status = 'done'`;
	const waitP = sql<number[]>`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${WAIT})`;
	const serviceP = sql<number[]>`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${SERVICE}) filter (where ${done})`;
	// grouping(k1, …, kn) has bit n−1−i set when k_i is NOT in the row's set: the total has all set.
	const all = groupings;
	const everything = (1 << all.length) - 1;
	const bit = (i: number) => 1 << (all.length - 1 - i);
	// Estimate accuracy per unit and service rides on the same scan when both groupings are asked for.
	const iu = all.indexOf('unit');
	const is = all.indexOf('service');
	const pairMask = iu >= 0 && is >= 0 ? everything & ~bit(iu) & ~bit(is) : null;
	const sets = [sql`()`, ...groupings.map((g) => sql`(${KEYS[g]})`), ...(pairMask === null ? [] : [sql`(${KEYS.unit}, ${KEYS.service})`])];
	/*
	 * How far the wait estimate printed on the ticket was from the wait that followed. Only
	 * tickets never transferred: a transfer resets the call, and the estimate was for the first queue.
	 */
	const measured = sql`t.transfers = 0 and t.called_at is not null and t.estimated_wait_minutes is not null`;
	const actual = sql<number>`extract(epoch from (t.called_at - t.issued_at))::float8`;
	const estimate = sql<number>`(t.estimated_wait_minutes * 60)::float8`;
	const rows = await ticketsIn(db, f)
		.leftJoin('ratings as r', 'r.ticket_id', 't.id')
		.select([
			(all.length ? sql<number>`grouping(${sql.join(all.map((g) => KEYS[g]))})` : sql<number>`0`).as('g'),
			...all.map((g) => sql<string | null>`${KEYS[g]}`.as(`k_${g}`)),
			sql<number>`count(*)::int`.as('issued'),
			sql<number>`(count(*) filter (where ${done}))::int`.as('served'),
			sql<number>`(count(*) filter (where t.status = 'no_show'))::int`.as('noShow'),
			sql<number>`(count(*) filter (where t.status = 'cancelled'))::int`.as('cancelled'),
			sql<number>`coalesce(sum(t.transfers), 0)::int`.as('transfers'),
			sql<number>`count(t.called_at)::int`.as('waited'),
			sql<number | null>`avg(${WAIT})`.as('waitAvg'),
			sql<number | null>`(${waitP})[1]`.as('waitP50'),
			sql<number | null>`(${waitP})[2]`.as('waitP90'),
			sql<number | null>`avg(${SERVICE}) filter (where ${done})`.as('serviceAvg'),
			sql<number | null>`(${serviceP})[1]`.as('serviceP50'),
			sql<number | null>`(${serviceP})[2]`.as('serviceP90'),
			sql<number>`(count(*) filter (where t.called_at - t.queued_at <= make_interval(mins => s.expected_wait_minutes)))::int`.as('onTarget'),
			sql<number>`count(r.id)::int`.as('ratings'),
			sql<number>`(count(*) filter (where r.score >= 4))::int`.as('satisfied'),
			sql<number>`coalesce(sum(r.score), 0)::int`.as('scoreSum'),
			sql<number>`(count(*) filter (where ${measured}))::int`.as('estCount'),
			sql<number | null>`avg(abs(${actual} - ${estimate})) filter (where ${measured})`.as('estMae'),
			sql<number | null>`avg(${estimate}) filter (where ${measured})`.as('estEstimate'),
			sql<number | null>`avg(${actual}) filter (where ${measured})`.as('estActual')
		])
		.groupBy(sql`grouping sets (${sql.join(sets)})`)
		.execute();
	const out: { total: TicketFigureRow | null; estimates: EstimateRow[] } & Partial<Record<Grouping, TicketFigureRow[]>> = { total: null, estimates: [] };
	for (const g of groupings) out[g] = [];
	for (const r of rows) {
		const mask = Number(r.g);
		const grouping = all.find((_g, i) => mask === (everything & ~bit(i)));
		const base = {
			issued: r.issued,
			served: r.served,
			noShow: r.noShow,
			cancelled: r.cancelled,
			transfers: r.transfers,
			waited: r.waited,
			waitAvg: num(r.waitAvg),
			waitP50: num(r.waitP50),
			waitP90: num(r.waitP90),
			serviceAvg: num(r.serviceAvg),
			serviceP50: num(r.serviceP50),
			serviceP90: num(r.serviceP90),
			onTarget: r.onTarget,
			ratings: r.ratings,
			satisfied: r.satisfied,
			scoreSum: r.scoreSum
		};
		const row = r as unknown as Record<string, string | null>;
		if (mask === pairMask) {
			out.estimates.push({
				unit: String(row.k_unit),
				unitName: '',
				service: String(row.k_service),
				serviceName: '',
				count: r.estCount,
				mae: num(r.estMae),
				averageEstimate: num(r.estEstimate),
				averageActual: num(r.estActual)
			});
		} else if (mask === everything) out.total = { key: 'total', label: '', ...base };
		else if (grouping) out[grouping]!.push({ key: String(row[`k_${grouping}`] ?? ''), label: '', ...base });
	}
	const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	for (const g of groupings) {
		const names = await namesOf(db, g, out[g]!.map((r) => r.key));
		out[g] = out[g]!.map((r) => ({ ...r, label: names.get(r.key) ?? '' })).sort((a, b) => byKey(a.key, b.key));
	}
	if (out.estimates.length) {
		const units = await namesOf(db, 'unit', out.estimates.map((e) => e.unit));
		const services = await namesOf(db, 'service', out.estimates.map((e) => e.service));
		out.estimates = out.estimates.map((e) => ({ ...e, unitName: units.get(e.unit) ?? e.unit, serviceName: services.get(e.service) ?? e.service }));
	}
	out.estimates = out.estimates.filter((e) => e.count > 0).sort((a, b) => byKey(a.unit, b.unit) || byKey(a.service, b.service));
	return out;
}

export interface EstimateRow {
	unit: string;
	unitName: string;
	service: string;
	serviceName: string;
	count: number;
	/** Mean absolute error of the estimate given at issue, in seconds. */
	mae: number | null;
	averageEstimate: number | null;
	averageActual: number | null;
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
 * local date; the conclusion time is one index probe per protocol.
 */
export async function protocolFigures(db: Db, f: ResolvedFilter, now: Date): Promise<{ total: ProtocolRow | null; byService: ProtocolRow[] }> {
	const lo = new Date(Date.parse(`${f.from}T00:00:00Z`) - 86_400_000);
	const hi = new Date(Date.parse(`${f.to}T00:00:00Z`) + 2 * 86_400_000);
	let inRange = db
		.selectFrom('protocols as p')
		.innerJoin('units as u', 'u.id', 'p.unit_id')
		.innerJoin('services as s', 's.id', 'p.service_id')
		.where('p.unit_id', 'in', f.unitIds)
		.where('p.created_at', '>=', lo)
		.where('p.created_at', '<', hi)
		.where(sql<boolean>`(p.created_at at time zone u.timezone)::date between ${f.from}::date and ${f.to}::date`)
		.select([
			's.code',
			's.name',
			'p.status',
			'p.due_at',
			'p.overdue',
			sql<Date | null>`(select max(e.at) from protocol_events e where e.protocol_id = p.id and e.to_status = 'concluido')`.as('concluded_at')
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

/** The groupings of the appointments section: per local day of the appointment, unit and service. */
export const APPOINTMENT_GROUPINGS = ['day', 'unit', 'service'] as const;
export type AppointmentGrouping = (typeof APPOINTMENT_GROUPINGS)[number];

export interface AppointmentRow {
	key: string;
	label: string;
	/** Every appointment made for the range, whatever became of it. */
	booked: number;
	/** Checked in (a ticket was issued for it). */
	attended: number;
	noShow: number;
	cancelled: number;
	/** Appointment tickets called: the wait after the booked time is measured over these. */
	waited: number;
	/** Seconds from the appointment's start to the call of its ticket, 0 when called earlier. */
	waitAvg: number | null;
}

/**
 * Appointments of the chosen units and services for the range, by the local day of their start
 * in the unit's zone (clerk, priority and channel do not apply): the total and one table per
 * grouping, from one scan of the (unit_id, start_at) index widened by a day each side and cut
 * exactly on the local date. The wait after the booked time comes from the appointment's ticket.
 */
export async function appointmentFigures(
	db: Db,
	f: ResolvedFilter,
	groupings: readonly AppointmentGrouping[]
): Promise<{ total: AppointmentRow | null } & Partial<Record<AppointmentGrouping, AppointmentRow[]>>> {
	const lo = new Date(Date.parse(`${f.from}T00:00:00Z`) - 86_400_000);
	const hi = new Date(Date.parse(`${f.to}T00:00:00Z`) + 2 * 86_400_000);
	const localDate = sql<string>`(a.start_at at time zone u.timezone)::date`;
	const keys: Record<AppointmentGrouping, RawBuilder<string>> = { day: sql`${localDate}::text`, unit: sql`u.slug`, service: sql`s.code` };
	const all = groupings;
	const everything = (1 << all.length) - 1;
	const bit = (i: number) => 1 << (all.length - 1 - i);
	const late = sql<number>`greatest(0, extract(epoch from (t.called_at - a.start_at)))::float8`;
	let q = db
		.selectFrom('appointments as a')
		.innerJoin('units as u', 'u.id', 'a.unit_id')
		.innerJoin('services as s', 's.id', 'a.service_id')
		.leftJoin('tickets as t', 't.appointment_id', 'a.id')
		.where('a.unit_id', 'in', f.unitIds)
		.where('a.start_at', '>=', lo)
		.where('a.start_at', '<', hi)
		.where(sql<boolean>`${localDate} between ${f.from}::date and ${f.to}::date`);
	if (f.serviceIds.length) q = q.where('a.service_id', 'in', f.serviceIds);
	const rows = await q
		.select([
			(all.length ? sql<number>`grouping(${sql.join(all.map((g) => keys[g]))})` : sql<number>`0`).as('g'),
			...all.map((g) => sql<string | null>`${keys[g]}`.as(`k_${g}`)),
			sql<number>`count(*)::int`.as('booked'),
			sql<number>`(count(*) filter (where a.status = 'checked_in'))::int`.as('attended'),
			sql<number>`(count(*) filter (where a.status = 'no_show'))::int`.as('noShow'),
			sql<number>`(count(*) filter (where a.status = 'cancelled'))::int`.as('cancelled'),
			sql<number>`count(t.called_at)::int`.as('waited'),
			// greatest() skips nulls, so the tickets never called are left out by the filter.
			sql<number | null>`avg(${late}) filter (where t.called_at is not null)`.as('waitAvg')
		])
		.groupBy(sql`grouping sets (${sql.join([sql`()`, ...all.map((g) => sql`(${keys[g]})`)])})`)
		.execute();
	const out: { total: AppointmentRow | null } & Partial<Record<AppointmentGrouping, AppointmentRow[]>> = { total: null };
	for (const g of all) out[g] = [];
	for (const r of rows) {
		const mask = Number(r.g);
		const row = r as unknown as Record<string, string | null>;
		const base = { booked: r.booked, attended: r.attended, noShow: r.noShow, cancelled: r.cancelled, waited: r.waited, waitAvg: num(r.waitAvg) };
		const grouping = all.find((_g, i) => mask === (everything & ~bit(i)));
		if (mask === everything) out.total = { key: 'total', label: '', ...base };
		else if (grouping) out[grouping]!.push({ key: String(row[`k_${grouping}`] ?? ''), label: '', ...base });
	}
	for (const g of all) {
		const names = await namesOf(db, g, out[g]!.map((r) => r.key));
		out[g] = out[g]!.map((r) => ({ ...r, label: names.get(r.key) ?? r.key })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	}
	return out;
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

/** Tickets as rows for the raw CSV export: no citizen data exists on a ticket; ids are left out. */
export async function rawTickets(db: Db, f: ResolvedFilter, limit: number) {
	return ticketsIn(db, f)
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

function num(v: unknown): number | null {
	return v === null || v === undefined ? null : Number(v);
}
