import { stringify } from 'csv-stringify/sync';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { translator, type Lang } from '$lib/i18n';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { z } from 'zod';
import { ReportQuery } from './report-query';
import { APPOINTMENT_TABLES, appointmentTable, estimateTable, figureTable, isAppointmentTable, noShowTable, protocolTable, remoteTable, TABLES, type Table, type TableName } from './report-table';
import { resolveReport, statsReport, type Report } from './reports.server';
import { rawTickets } from './report-store.server';

/** Rows of the raw ticket export: beyond this, narrow the filter (a spreadsheet would choke anyway). */
export const MAX_EXPORT_ROWS = 200_000;

const ExportTable = z.enum([...TABLES, 'tickets']);

export interface CsvFile {
	filename: string;
	body: string;
}

function csv(t: (k: Table['columns'][number]) => string, table: Table): string {
	return stringify([table.columns.map((c) => t(c)), ...table.rows.map((r) => r.map((c) => (c === null ? '' : c)))]);
}

/**
 * A report table as CSV — the same rows the screen shows, from the same filter — or the raw
 * tickets. Tickets carry no citizen data; the free-text note and rating comments, which may,
 * are left out.
 */
export async function exportReport(deps: Deps, actor: Actor, lang: Lang, tableName: string, raw: Record<string, unknown>): Promise<CsvFile> {
	const name = parse(z.object({ table: ExportTable }), { table: tableName }).table;
	const t = translator(lang);
	if (name === 'tickets') {
		const { resolved, applied } = await resolveReport(deps, actor, parse(ReportQuery, raw));
		const rows = await rawTickets(deps.db, resolved, MAX_EXPORT_ROWS + 1);
		if (rows.length > MAX_EXPORT_ROWS) throw new VezError('invalid_input', `More than ${MAX_EXPORT_ROWS} tickets: narrow the filter.`, { to: 'too_many_rows' });
		// One formatter per zone: building one per cell costs more than the query.
		const formats = new Map<string, Intl.DateTimeFormat>();
		const local = (d: Date | null, zone: string) => {
			if (!d) return '';
			let format = formats.get(zone);
			if (!format) formats.set(zone, (format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' })));
			return format.format(new Date(d));
		};
		const header = [
			t('reports.col.unit'),
			t('reports.col.day'),
			t('reports.csv.number'),
			t('reports.col.service'),
			t('reports.csv.priority'),
			t('reports.csv.channel'),
			t('reports.csv.status'),
			t('reports.csv.issuedAt'),
			t('reports.csv.calledAt'),
			t('reports.csv.startedAt'),
			t('reports.csv.finishedAt'),
			t('reports.csv.counter'),
			t('reports.col.clerk'),
			t('reports.col.transfers'),
			t('reports.csv.recalls'),
			t('reports.csv.outcome'),
			t('reports.csv.estimate'),
			t('reports.csv.score')
		];
		const body = stringify([
			header,
			...rows.map((r) => [
				r.unit,
				r.day,
				r.number,
				r.service,
				r.priority ?? 'normal',
				r.channel,
				r.status,
				local(r.issued_at, r.timezone),
				local(r.called_at, r.timezone),
				local(r.started_at, r.timezone),
				local(r.finished_at, r.timezone),
				r.counter ?? '',
				r.clerk ?? '',
				r.transfers,
				r.recalls,
				r.outcome ?? '',
				r.estimated_wait_minutes ?? '',
				r.score ?? ''
			])
		]);
		return { filename: `senhas_${applied.from}_${applied.to}.csv`, body };
	}
	const report = await statsReport(deps, actor, raw);
	const names = { nobody: t('reports.nobody'), period: `${report.filter.from}/${report.filter.to}` };
	const table = reportTable(name, report, t, names);
	return { filename: `relatorio_${name}_${report.filter.from}_${report.filter.to}.csv`, body: csv(t, table) };
}

/** One of the report's tables, as the screen shows it. */
function reportTable(name: TableName, report: Report, t: ReturnType<typeof translator>, names: { nobody: string; period: string }): Table {
	if (name === 'summary') return figureTable('summary', [report.summary], names);
	if (name === 'estimates') return estimateTable(report.estimates);
	if (name === 'protocols') return protocolTable(report.protocols.summary, report.protocols.byService, t('reports.total'));
	if (name === 'reachRemote') return remoteTable(report.reach);
	if (name === 'reachNoShows') return noShowTable(report.reach, { notified: t('reports.reach.notified'), notNotified: t('reports.reach.notNotified') });
	if (isAppointmentTable(name)) return appointmentTable(APPOINTMENT_TABLES[name], report.appointments[APPOINTMENT_TABLES[name]], report.appointments.summary, t('reports.total'));
	return figureTable(name, report.tables[name], names);
}
