import type { MessageKey } from '$lib/i18n';
import type { DurationStats } from './aggregate';
import type { Grouping } from './report-query';

/*
 * The report's tables as plain cells, shared by the screen and the CSV export so both show the
 * same rows: durations in minutes with one decimal, shares and CSAT in percent with one decimal.
 */

export type Cell = string | number | null;

export interface Table {
	readonly columns: readonly MessageKey[];
	readonly rows: readonly (readonly Cell[])[];
}

/** The subset of a report the tables read (so the client never needs server types). */
export interface FigureLine {
	readonly key: string;
	readonly label: string;
	readonly issued: number;
	readonly served: number;
	readonly noShow: number;
	readonly cancelled: number;
	readonly transfers: number;
	readonly wait: DurationStats;
	readonly service: DurationStats;
	readonly onTargetShare: number | null;
	readonly csat: number | null;
	readonly ratings: number;
}

export interface EstimateLine {
	readonly scope: 'unit' | 'service' | 'hour';
	readonly unitName: string;
	readonly serviceName: string;
	readonly hour: string | null;
	readonly count: number;
	readonly mae: number | null;
	readonly averageEstimate: number | null;
	readonly averageActual: number | null;
	readonly bias: number | null;
	readonly inRangeShare: number | null;
	readonly naiveMae: number | null;
	readonly naiveBias: number | null;
}

export interface ProtocolLine {
	readonly key: string;
	readonly label: string;
	readonly opened: number;
	readonly concludedOnTime: number;
	readonly overdue: number;
}

export interface AppointmentLine {
	readonly key: string;
	readonly label: string;
	readonly booked: number;
	readonly attended: number;
	readonly noShow: number;
	readonly cancelled: number;
	readonly attendedShare: number | null;
	readonly waitAfterStart: number | null;
}

/** The appointments section's tables (CSV names) and the grouping each is made of. */
export const APPOINTMENT_TABLES = { appointmentsByDay: 'day', appointmentsByUnit: 'unit', appointmentsByService: 'service' } as const;
export type AppointmentTableName = keyof typeof APPOINTMENT_TABLES;
export const isAppointmentTable = (name: string): name is AppointmentTableName => Object.hasOwn(APPOINTMENT_TABLES, name);

export const TABLES = ['summary', 'day', 'hour', 'unit', 'service', 'clerk', 'estimates', 'protocols', 'reachRemote', 'reachNoShows', ...(Object.keys(APPOINTMENT_TABLES) as AppointmentTableName[])] as const;
export type TableName = (typeof TABLES)[number];

const oneDecimal = (v: number) => Math.round(v * 10) / 10;
/** Seconds as minutes with one decimal. */
export const minutes = (seconds: number | null): number | null => (seconds === null ? null : oneDecimal(seconds / 60));
/** A 0–1 share as a percentage with one decimal. */
export const percent = (v: number | null): number | null => (v === null ? null : oneDecimal(100 * v));

const FIGURE_COLUMNS: readonly MessageKey[] = [
	'reports.col.issued',
	'reports.col.served',
	'reports.col.noShow',
	'reports.col.cancelled',
	'reports.col.transfers',
	'reports.col.waitAvg',
	'reports.col.waitP50',
	'reports.col.waitP90',
	'reports.col.serviceAvg',
	'reports.col.serviceP50',
	'reports.col.serviceP90',
	'reports.col.onTarget',
	'reports.col.csat',
	'reports.col.ratings'
];

const KEY_COLUMN: Record<Grouping | 'summary', MessageKey> = {
	summary: 'reports.col.period',
	day: 'reports.col.day',
	hour: 'reports.col.hour',
	unit: 'reports.col.unit',
	service: 'reports.col.service',
	clerk: 'reports.col.clerk'
};

function figureCells(f: FigureLine): Cell[] {
	return [
		f.issued,
		f.served,
		f.noShow,
		f.cancelled,
		f.transfers,
		minutes(f.wait.avg),
		minutes(f.wait.p50),
		minutes(f.wait.p90),
		minutes(f.service.avg),
		minutes(f.service.p50),
		minutes(f.service.p90),
		percent(f.onTargetShare),
		f.csat === null ? null : oneDecimal(f.csat),
		f.ratings
	];
}

/** A figures table: the group's name (an hour as "09h", nobody as `nobody`), then the figures. */
export function figureTable(grouping: Grouping | 'summary', lines: readonly FigureLine[], names: { nobody: string; period?: string }): Table {
	return {
		columns: [KEY_COLUMN[grouping], ...FIGURE_COLUMNS],
		rows: lines.map((f) => {
			const name =
				grouping === 'summary' ? (names.period ?? '') : grouping === 'hour' ? `${f.key}h` : grouping === 'day' ? f.key : f.label || names.nobody;
			return [name, ...figureCells(f)];
		})
	};
}

/** Per unit, per unit and service, then per hour of issue: the forecast's error, bias and range coverage beside the naive rule's. */
export function estimateTable(lines: readonly EstimateLine[]): Table {
	return {
		columns: [
			'reports.col.unit',
			'reports.col.service',
			'reports.col.hour',
			'reports.col.tickets',
			'reports.col.mae',
			'reports.col.naiveMae',
			'reports.col.inRange',
			'reports.col.bias',
			'reports.col.naiveBias',
			'reports.col.estimateAvg',
			'reports.col.actualAvg'
		],
		rows: lines.map((e) => [
			e.unitName,
			e.serviceName,
			e.hour === null ? '' : `${e.hour}h`,
			e.count,
			minutes(e.mae),
			minutes(e.naiveMae),
			percent(e.inRangeShare),
			minutes(e.bias),
			minutes(e.naiveBias),
			minutes(e.averageEstimate),
			minutes(e.averageActual)
		])
	};
}

export function protocolTable(summary: ProtocolLine, byService: readonly ProtocolLine[], total: string): Table {
	return {
		columns: ['reports.col.service', 'reports.col.opened', 'reports.col.onTime', 'reports.col.overdue'],
		rows: [...byService, { ...summary, label: total }].map((p) => [p.label, p.opened, p.concludedOnTime, p.overdue])
	};
}

/** An appointments table: one line per day, unit or service, then the total of the range. */
export function appointmentTable(grouping: 'day' | 'unit' | 'service', lines: readonly AppointmentLine[], summary: AppointmentLine, total: string): Table {
	return {
		columns: [KEY_COLUMN[grouping], 'reports.col.booked', 'reports.col.attended', 'reports.col.noShow', 'reports.col.apptCancelled', 'reports.col.attendedShare', 'reports.col.waitAfterStart'],
		rows: [...lines, { ...summary, key: total, label: total }].map((a) => [
			grouping === 'day' ? a.key : a.label,
			a.booked,
			a.attended,
			a.noShow,
			a.cancelled,
			percent(a.attendedShare),
			minutes(a.waitAfterStart)
		])
	};
}

/** Tickets of visitors who were (or were not) told of their turn, and how many of those called came. */
export interface NoShows {
	readonly tickets: number;
	readonly served: number;
	readonly noShow: number;
	/** No-shows ÷ (served + no-shows): of the visitors called to the end, how many were not there; null without any. */
	readonly noShowRate: number | null;
}

/** Remote tickets, visitors notified or not, and the messages that gave up (issue 17). Counts only: no personal data. */
export interface VisitorReach {
	readonly remote: { readonly taken: number; readonly arrived: number; readonly expired: number };
	readonly notified: NoShows;
	readonly notNotified: NoShows;
	/** Visitor messages about these tickets in the dead letter, waiting for a hand retry. */
	readonly failedMessages: number;
}

export function remoteTable(reach: VisitorReach): Table {
	return { columns: ['reports.reach.remote', 'reports.reach.arrived', 'reports.reach.expired'], rows: [[reach.remote.taken, reach.remote.arrived, reach.remote.expired]] };
}

/** Notified visitors against the others: does a message bring people back in time? */
export function noShowTable(reach: VisitorReach, names: { notified: string; notNotified: string }): Table {
	const row = (label: string, n: NoShows): Cell[] => [label, n.tickets, n.served, n.noShow, percent(n.noShowRate)];
	return {
		columns: ['reports.reach.group', 'reports.reach.tickets', 'reports.col.served', 'reports.col.noShow', 'reports.reach.noShowRate'],
		rows: [row(names.notified, reach.notified), row(names.notNotified, reach.notNotified)]
	};
}
