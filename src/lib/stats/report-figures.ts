import type { Grouping } from './report-query';
import type { ReportTable } from './report-plan';
import { histogramQuantile, histogramTotal } from './histogram';
import { SERVICE_BUCKETS, WAIT_BUCKETS } from './summary-layout';

/*
 * The report's summed lines, as its one statement returns them (report-store.server.ts), made into
 * figures: averages from sums, percentiles from the merged bucket counts, the wait estimates'
 * accuracy, names and codes for ids, each table in key order. Pure: the store reads the lines and
 * the names.
 */

/** One line of ticket figures (durations in seconds). */
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
	/** Remote tickets, those whose visitor arrived, those that expired first. */
	remote: number;
	remoteArrived: number;
	remoteExpired: number;
	/** Tickets whose visitor opted in to messages, and of those, served and no-shows. */
	notified: number;
	notifiedServed: number;
	notifiedNoShow: number;
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
 * Accuracy of the wait shown at issue against the wait that followed, per unit (all its
 * services), unit and service, or hour of issue (all units), beside the naive rule on the same
 * tickets (seconds; bias is estimate − actual, so positive means it said longer).
 */
export interface EstimateRow {
	scope: 'unit' | 'service' | 'hour';
	unit: string;
	unitName: string;
	service: string;
	serviceName: string;
	/** Local hour of issue ('08') for the hour rows. */
	hour: string | null;
	count: number;
	/** Mean absolute error of the estimate given at issue, in seconds. */
	mae: number | null;
	averageEstimate: number | null;
	averageActual: number | null;
	bias: number | null;
	/** Share of actual waits (in whole minutes) inside the range shown; null before ranges were recorded. */
	inRangeShare: number | null;
	naiveMae: number | null;
	naiveBias: number | null;
}

/** Ticket figures (the total and a table per grouping), estimate accuracy, and appointments. */
export type ReportFigures = { total: TicketFigureRow | null; estimates: EstimateRow[] } & Partial<Record<Grouping, TicketFigureRow[]>> & {
	appointments: { total: AppointmentRow | null } & Partial<Record<AppointmentGrouping, AppointmentRow[]>>;
};

/** One summed line: the table it belongs to (g), its keys (ids, a day or an hour), and every summed column. */
export type SummedRow = Record<string, number> & { g: ReportTable; k1: string; k2: string };

/** What the report shows for the ids its lines name: a unit's slug and name, a service's code and name, a clerk's name. */
export interface ReportNames {
	readonly units: ReadonlyMap<string, { readonly key: string; readonly name: string }>;
	readonly services: ReadonlyMap<string, { readonly key: string; readonly name: string }>;
	readonly clerks: ReadonlyMap<string, string>;
}

/** The ids of the units, services and clerks the lines name. */
export function namedIds(rows: readonly SummedRow[]): { unitIds: string[]; serviceIds: string[]; clerkIds: string[] } {
	const ids = (g: ReportTable[], pick: (r: SummedRow) => string) => [...new Set(rows.filter((r) => g.includes(r.g)).map(pick))].filter(Boolean);
	return {
		unitIds: ids(['unit', 'estimate', 'estimate_unit'], (r) => r.k1),
		serviceIds: [...new Set([...ids(['service'], (r) => r.k1), ...ids(['estimate'], (r) => r.k2)])],
		clerkIds: ids(['clerk'], (r) => r.k1)
	};
}

/** The total, a table per grouping asked for, the estimates' accuracy and the appointments section, from the summed lines. */
export function reportFiguresOf(rows: readonly SummedRow[], names: ReportNames, groupings: readonly Grouping[]): ReportFigures {
	const wants = (g: Grouping) => groupings.includes(g);
	const line = (r: SummedRow, key: string, label: string): TicketFigureRow => {
		const w = WAIT_BUCKETS.map((c) => r[c]);
		const s = SERVICE_BUCKETS.map((c) => r[c]);
		const timed = histogramTotal(s);
		return {
			key,
			label,
			issued: r.issued,
			served: r.served,
			noShow: r.no_show,
			cancelled: r.cancelled,
			transfers: r.transfers,
			waited: r.waited,
			waitAvg: r.waited ? r.wait_sum / r.waited : null,
			waitP50: histogramQuantile(w, 0.5),
			waitP90: histogramQuantile(w, 0.9),
			serviceAvg: timed ? r.service_sum / timed : null,
			serviceP50: histogramQuantile(s, 0.5),
			serviceP90: histogramQuantile(s, 0.9),
			onTarget: r.on_target,
			ratings: r.ratings,
			satisfied: r.satisfied,
			scoreSum: r.score_sum,
			remote: r.remote,
			remoteArrived: r.remote_arrived,
			remoteExpired: r.remote_expired,
			notified: r.notified,
			notifiedServed: r.notified_served,
			notifiedNoShow: r.notified_no_show
		};
	};
	const appointmentLine = (r: SummedRow, key: string, label: string): AppointmentRow => ({
		key,
		label,
		booked: r.appt_booked,
		attended: r.appt_attended,
		noShow: r.appt_no_show,
		cancelled: r.appt_cancelled,
		waited: r.appt_waited,
		waitAvg: r.appt_waited ? r.appt_late_sum / r.appt_waited : null
	});
	const out: ReportFigures = { total: null, estimates: [], appointments: { total: null } };
	for (const g of groupings) out[g] = [];
	for (const g of APPOINTMENT_GROUPINGS) if (wants(g)) out.appointments[g] = [];
	for (const r of rows) {
		if (r.g === 'total') {
			out.total = r.issued ? line(r, 'total', '') : null;
			out.appointments.total = r.appt_booked ? appointmentLine(r, 'total', '') : null;
		} else if (r.g === 'estimate' || r.g === 'estimate_unit' || r.g === 'estimate_hour') {
			if (!r.est_count) continue;
			const unit = names.units.get(r.k1);
			const service = names.services.get(r.k2);
			const scope = r.g === 'estimate' ? 'service' : r.g === 'estimate_unit' ? 'unit' : 'hour';
			out.estimates.push({
				scope,
				unit: unit?.key ?? r.k1,
				unitName: unit?.name ?? r.k1,
				service: scope === 'service' ? (service?.key ?? r.k2) : '',
				serviceName: scope === 'service' ? (service?.name ?? r.k2) : '',
				hour: scope === 'hour' ? r.k2 : null,
				count: r.est_count,
				mae: r.est_error_sum / r.est_count,
				averageEstimate: r.est_sum / r.est_count,
				averageActual: r.actual_sum / r.est_count,
				bias: (r.est_sum - r.actual_sum) / r.est_count,
				inRangeShare: r.est_ranged ? r.est_in_range / r.est_ranged : null,
				naiveMae: r.naive_count ? r.naive_error_sum / r.naive_count : null,
				naiveBias: r.naive_count ? r.naive_bias_sum / r.naive_count : null
			});
		} else {
			const g = r.g as Grouping;
			const named = g === 'unit' ? names.units.get(r.k1) : g === 'service' ? names.services.get(r.k1) : g === 'clerk' ? { key: r.k1, name: names.clerks.get(r.k1) ?? '' } : { key: r.k1, name: r.k1 };
			const key = named?.key ?? r.k1;
			if (r.issued) out[g]!.push(line(r, key, named?.name ?? ''));
			if (r.appt_booked && (g === 'day' || g === 'unit' || g === 'service')) out.appointments[g]!.push(appointmentLine(r, key, named?.name ?? key));
		}
	}
	const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	for (const g of groupings) out[g]!.sort((a, b) => byKey(a.key, b.key));
	for (const g of APPOINTMENT_GROUPINGS) out.appointments[g]?.sort((a, b) => byKey(a.key, b.key));
	const scopes = ['unit', 'service', 'hour'];
	out.estimates.sort((a, b) => scopes.indexOf(a.scope) - scopes.indexOf(b.scope) || byKey(a.unit, b.unit) || byKey(a.service, b.service) || byKey(a.hour ?? '', b.hour ?? ''));
	return out;
}
