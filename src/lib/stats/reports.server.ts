import { DateTime } from 'luxon';
import type { AppointmentLine, FigureLine, NoShows, VisitorReach } from './report-table';
import type { Db } from '$lib/server/db/database';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { activeUnits, unitBySlug } from '$lib/units/store.server';
import { localDay } from '$lib/queue/numbering';
import { attendedShare, csatPercent, share } from './aggregate';
import { addDays, GROUPINGS, ReportQuery, UnitStatsQuery, type Grouping, type ParsedReportQuery } from './report-query';
import { satisfactionOf, type Distribution, type Satisfaction } from './satisfaction';
import {
	annualSatisfaction,
	clerksOf,
	failedMessageCount,
	idsOfCodes,
	priorityOptions,
	protocolFigures,
	readingSnapshot,
	reportFigures,
	serviceOptions,
	type ProtocolRow
} from './report-store.server';
import type { AppointmentGrouping, AppointmentRow, EstimateRow, TicketFigureRow } from './report-figures';
import type { ResolvedFilter } from './report-plan';
import type { UnitStatsView } from './views';

/** Days a report spans when the filter names none: the last 30, today included. */
export const DEFAULT_REPORT_DAYS = 30;

/** One line of a report table (durations in seconds, shares 0–1, CSAT 0–100): what the tables read, plus the average score. */
export interface Figures extends FigureLine {
	readonly averageScore: number | null;
}

/** The filter as applied: what the screen shows in its form and puts in its links. */
export interface AppliedFilter {
	readonly from: string;
	readonly to: string;
	readonly units: readonly string[];
	readonly services: readonly string[];
	readonly clerks: readonly string[];
	readonly priorities: readonly string[];
	readonly channels: readonly string[];
}

/** One line of the appointments section (wait after the booked time in whole seconds, share 0–1). */
export type AppointmentFigures = AppointmentLine;

/** The reach section from a total line and the dead-letter count. */
export function visitorReach(r: TicketFigureRow, failedMessages: number): VisitorReach {
	const noShows = (tickets: number, served: number, noShow: number): NoShows => ({ tickets, served, noShow, noShowRate: share(noShow, served + noShow) });
	return {
		remote: { taken: r.remote, arrived: r.remoteArrived, expired: r.remoteExpired },
		notified: noShows(r.notified, r.notifiedServed, r.notifiedNoShow),
		notNotified: noShows(r.issued - r.notified, r.served - r.notifiedServed, r.noShow - r.notifiedNoShow),
		failedMessages
	};
}

/** A report over a date range, one field per section. */
export interface Report {
	readonly filter: AppliedFilter;
	readonly summary: Figures;
	readonly tables: Readonly<Record<Grouping, readonly Figures[]>>;
	readonly estimates: readonly EstimateRow[];
	readonly protocols: { readonly summary: ProtocolRow; readonly byService: readonly ProtocolRow[] };
	readonly appointments: { readonly summary: AppointmentFigures } & Readonly<Record<AppointmentGrouping, readonly AppointmentFigures[]>>;
	readonly reach: VisitorReach;
}

const NO_APPOINTMENTS: AppointmentRow = { key: 'total', label: '', booked: 0, attended: 0, noShow: 0, cancelled: 0, waited: 0, waitAvg: null };

export function toAppointmentFigures(r: AppointmentRow): AppointmentFigures {
	return {
		key: r.key,
		label: r.label,
		booked: r.booked,
		attended: r.attended,
		noShow: r.noShow,
		cancelled: r.cancelled,
		attendedShare: attendedShare(r.attended, r.noShow),
		waitAfterStart: round(r.waitAvg)
	};
}

const round = (v: number | null) => (v === null ? null : Math.round(v));

/** A SQL row as the report shows it: whole seconds, shares and CSAT from counts. */
export function toFigures(r: TicketFigureRow): Figures {
	return {
		key: r.key,
		label: r.label,
		issued: r.issued,
		served: r.served,
		noShow: r.noShow,
		cancelled: r.cancelled,
		transfers: r.transfers,
		wait: { avg: round(r.waitAvg), p50: round(r.waitP50), p90: round(r.waitP90) },
		service: { avg: round(r.serviceAvg), p50: round(r.serviceP50), p90: round(r.serviceP90) },
		onTargetShare: share(r.onTarget, r.waited),
		csat: csatPercent(r.satisfied, r.ratings),
		ratings: r.ratings,
		averageScore: r.ratings > 0 ? r.scoreSum / r.ratings : null
	};
}

const EMPTY: TicketFigureRow = {
	key: 'total',
	label: '',
	issued: 0,
	served: 0,
	noShow: 0,
	cancelled: 0,
	transfers: 0,
	waited: 0,
	waitAvg: null,
	waitP50: null,
	waitP90: null,
	serviceAvg: null,
	serviceP50: null,
	serviceP90: null,
	onTarget: 0,
	ratings: 0,
	satisfied: 0,
	scoreSum: 0,
	remote: 0,
	remoteArrived: 0,
	remoteExpired: 0,
	notified: 0,
	notifiedServed: 0,
	notifiedNoShow: 0
};

/** The units a person may read statistics of: all for an admin, their own for a manager. */
async function readableUnits(deps: Deps, actor: Actor) {
	const user = requireUser(actor);
	authorize(actor, 'stats:read');
	const all = await activeUnits(deps.db);
	return user.role === 'admin' ? all : all.filter((u) => user.unitIds.includes(u.id));
}

/** Turns codes into ids; an unknown code is a 400 naming the field, never an empty report. */
export async function resolveReport(deps: Deps, actor: Actor, q: ParsedReportQuery) {
	const readable = await readableUnits(deps, actor);
	const units = q.units.length ? q.units.map((slug) => readable.find((u) => u.slug === slug) ?? missingUnit(actor, slug)) : readable;
	for (const u of units) authorize(actor, 'stats:read', { unitId: u.id });
	const zone = units[0]?.timezone ?? deps.config.cityZone;
	const to = q.to ?? (q.from ? addDays(q.from, DEFAULT_REPORT_DAYS - 1) : localDay(deps.now(), zone));
	const from = q.from ?? addDays(to, -(DEFAULT_REPORT_DAYS - 1));

	const serviceIds = await idsOfCodes(deps.db, 'services', q.services);
	if (serviceIds.length !== q.services.length) throw new VezError('invalid_input', 'Unknown service.', { services: 'unknown' });
	const groups = q.priorities.filter((p) => p !== 'normal');
	const groupIds = await idsOfCodes(deps.db, 'priority_groups', groups);
	if (groupIds.length !== groups.length) throw new VezError('invalid_input', 'Unknown priority group.', { priorities: 'unknown' });

	const resolved: ResolvedFilter = {
		from,
		to,
		unitIds: units.map((u) => u.id),
		serviceIds,
		clerkIds: q.clerks,
		priority: q.priorities.length ? { groupIds, normal: q.priorities.includes('normal') } : null,
		channels: q.channels
	};
	const applied: AppliedFilter = {
		from,
		to,
		units: q.units,
		services: q.services,
		clerks: q.clerks,
		priorities: q.priorities,
		channels: q.channels
	};
	return { resolved, applied };
}

/** An admin reads every unit, so a slug not among them does not exist; a manager is refused either way. */
function missingUnit(actor: Actor, slug: string): never {
	if (actor.kind === 'user' && actor.role === 'admin') throw new VezError('invalid_input', 'Unknown unit.', { units: 'unknown' });
	throw new VezError('forbidden', `You may not read the statistics of ${slug}.`);
}

/** Report queries in one read-only snapshot (see {@link readingSnapshot}). */
const reading = <T>(deps: Deps, fn: (db: Db) => Promise<T>): Promise<T> => readingSnapshot(deps.db, deps.engine, fn);

/** The report screen's data and the CSV export's: every table for the filter, in SQL. */
export async function statsReport(deps: Deps, actor: Actor, raw: unknown): Promise<Report> {
	const q = parse(ReportQuery, raw);
	const { resolved, applied } = await resolveReport(deps, actor, q);
	const now = deps.now();
	// Tickets and appointments in one query, protocols (unrelated rows) in another at the same time:
	// two of the pool's connections, each query on its own core.
	const [figures, protocols, failedMessages] = await Promise.all([
		reading(deps, (db) => reportFigures(db, resolved, GROUPINGS)),
		reading(deps, (db) => protocolFigures(db, resolved, now)),
		failedMessageCount(deps.db, resolved)
	]);
	const appointments = figures.appointments;
	const tables = {} as Record<Grouping, Figures[]>;
	for (const g of GROUPINGS) tables[g] = (figures[g] ?? []).map(toFigures);
	return {
		filter: applied,
		summary: toFigures(figures.total ?? EMPTY),
		tables,
		estimates: figures.estimates,
		protocols: {
			summary: protocols.total ?? { key: 'total', label: '', opened: 0, concludedOnTime: 0, overdue: 0 },
			byService: protocols.byService
		},
		appointments: {
			summary: toAppointmentFigures(appointments.total ?? NO_APPOINTMENTS),
			day: (appointments.day ?? []).map(toAppointmentFigures),
			unit: (appointments.unit ?? []).map(toAppointmentFigures),
			service: (appointments.service ?? []).map(toAppointmentFigures)
		},
		reach: visitorReach(figures.total ?? EMPTY, failedMessages)
	};
}

/** `GET /api/v1/units/{unit}/stats?from=&to=` (docs/api.md#session-users-tokens-printers-stats): one unit's summary, seconds, local dates. */
export async function unitStats(deps: Deps, actor: Actor, unitSlug: string, raw: { from?: string; to?: string }): Promise<UnitStatsView> {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'stats:read', { unitId: unit.id });
	// The days as documented (UnitStatsQuery), then the report's own rules on them (order, span).
	const q = parse(ReportQuery, { ...parse(UnitStatsQuery, raw), units: [unit.slug] });
	// One day when the query names none: "today" in the unit's zone.
	const day = localDay(deps.now(), unit.timezone);
	const from = q.from ?? q.to ?? day;
	const to = q.to ?? (q.from ? from : day);
	if (from > to) throw new VezError('invalid_input', 'The start is after the end.', { to: 'before_from' });
	const filter = { ...emptyFilter(from, to), unitIds: [unit.id] };
	const figures = await reading(deps, (db) => reportFigures(db, filter, []));
	const total = figures.total;
	const appointments = figures.appointments.total ?? NO_APPOINTMENTS;
	const f = toFigures(total ?? EMPTY);
	return {
		unit: unit.slug,
		from,
		to,
		issued: f.issued,
		served: f.served,
		noShow: f.noShow,
		cancelled: f.cancelled,
		transfers: f.transfers,
		wait: f.wait,
		service: f.service,
		onTargetShare: f.onTargetShare,
		csat: f.csat,
		ratings: f.ratings,
		appointments: { booked: appointments.booked, attended: appointments.attended, noShow: appointments.noShow, cancelled: appointments.cancelled }
	};
}

function emptyFilter(from: string, to: string): ResolvedFilter {
	return { from, to, unitIds: [], serviceIds: [], clerkIds: [], priority: null, channels: [] };
}

/** What the filter form offers: the person's units, their services, clerks and priority groups. */
export async function reportOptions(deps: Deps, actor: Actor) {
	const units = await readableUnits(deps, actor);
	const ids = units.map((u) => u.id);
	if (!ids.length) return { units: [], services: [], clerks: [], priorities: [] };
	return {
		units: units.map((u) => ({ slug: u.slug, name: u.name })),
		services: await serviceOptions(deps.db, ids),
		clerks: await clerksOf(deps.db, ids),
		priorities: await priorityOptions(deps.db)
	};
}

const AnnualQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export interface AnnualLine {
	readonly service: string;
	readonly serviceName: string;
	readonly satisfaction: Satisfaction;
	readonly comments: number;
}

export interface AnnualUnit {
	readonly unit: string;
	readonly unitName: string;
	readonly services: readonly AnnualLine[];
	readonly total: Satisfaction;
}

/**
 * The yearly satisfaction report of Lei 13.460/2017 art. 23 (services evaluate, at least once a
 * year, the users' satisfaction, and publish it): per unit and service, every rating of the
 * calendar year in the units' zone, with counts per score.
 */
export async function annualReport(deps: Deps, actor: Actor, raw: unknown): Promise<{ year: number; units: AnnualUnit[] }> {
	const q = parse(AnnualQuery, raw);
	const units = await readableUnits(deps, actor);
	const zone = units[0]?.timezone ?? deps.config.cityZone;
	const year = q.year ?? DateTime.fromJSDate(deps.now(), { zone }).year;
	if (!units.length) return { year, units: [] };
	const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
	const rows = await annualSatisfaction(deps.db, units.map((u) => u.id), start.toJSDate(), start.plus({ years: 1 }).toJSDate());
	const out = new Map<string, { unit: string; unitName: string; services: AnnualLine[]; sum: number[] }>();
	for (const r of rows) {
		const counts: Distribution = [r.s1, r.s2, r.s3, r.s4, r.s5];
		const entry = out.get(r.unit) ?? { unit: r.unit, unitName: r.unitName, services: [], sum: [0, 0, 0, 0, 0] };
		entry.services.push({ service: r.service, serviceName: r.serviceName, satisfaction: satisfactionOf(counts), comments: r.comments });
		counts.forEach((n, i) => (entry.sum[i] += n));
		out.set(r.unit, entry);
	}
	return {
		year,
		units: [...out.values()].map((u) => ({ unit: u.unit, unitName: u.unitName, services: u.services, total: satisfactionOf(u.sum as unknown as Distribution) }))
	};
}
