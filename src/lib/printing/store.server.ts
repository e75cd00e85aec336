import { sql, type Expression, type QueryCreator, type Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { PrintersTable, PrintJobsTable } from '$lib/server/db/schema';
import type { PrintJobKind, PrintJobStatus, StoredPrinterStatus, TicketPayload } from './print-jobs';
import type { PrinterConfig } from './printer-profile';
import { isUuid } from '$lib/server/http/validate';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { claimJobs, finishJob as finishJobRow, retryJob, type JobOutcome } from '$lib/jobs/store.server';

/** A printer: how to reach and drive it, what it serves, and what Vez last learned of it. */
export interface Printer extends PrinterConfig {
	id: string;
	unitId: string;
	codepageNumber: number | null;
	/** The kiosk token it serves; null: the unit's default printer. */
	kioskTokenId: string | null;
	header: string;
	footer: string;
	active: boolean;
	lastStatus: StoredPrinterStatus | null;
	lastStatusAt: Date | null;
}

const printerOf = (r: Selectable<PrintersTable>): Printer => ({
	id: r.id,
	unitId: r.unit_id,
	name: r.name,
	host: r.host,
	port: r.port,
	model: r.model,
	width: r.width,
	codepage: r.codepage,
	qrMode: r.qr_mode,
	codepageNumber: r.codepage_number,
	kioskTokenId: r.kiosk_token_id,
	header: r.header,
	footer: r.footer,
	active: r.active,
	lastStatus: r.last_status,
	lastStatusAt: r.last_status_at
});

/** The part of a printer the layouts and the transport need. */
export function printerConfig(p: Printer): PrinterConfig {
	return { name: p.name, host: p.host, port: p.port, model: p.model, width: p.width, codepage: p.codepage, qrMode: p.qrMode, codepageNumber: p.codepageNumber };
}

/** A printer as its screens show it: with its unit, its kiosk's name and its jobs waiting. */
export interface PrinterRecord extends Printer {
	unitSlug: string;
	unitTimezone: string;
	kioskName: string | null;
	pendingJobs: number;
}

function printersQuery(db: Db) {
	return db
		.selectFrom('printers')
		.innerJoin('units', 'units.id', 'printers.unit_id')
		.leftJoin('api_tokens', 'api_tokens.id', 'printers.kiosk_token_id')
		.selectAll('printers')
		.select((eb) => [
			'units.slug as unit_slug',
			'units.timezone as unit_timezone',
			'api_tokens.name as kiosk_name',
			eb
				.selectFrom('print_jobs')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('print_jobs.printer_id', '=', 'printers.id')
				.where('print_jobs.status', 'in', ['queued', 'printing'])
				.as('pending_jobs')
		]);
}

type PrinterListRow = Awaited<ReturnType<ReturnType<typeof printersQuery>['execute']>>[number];

const recordOf = (r: PrinterListRow): PrinterRecord => ({
	...printerOf(r),
	unitSlug: r.unit_slug,
	unitTimezone: r.unit_timezone,
	kioskName: r.kiosk_name,
	pendingJobs: Number(r.pending_jobs ?? 0)
});

export async function printersOfUnit(db: Db, unitId: string): Promise<PrinterRecord[]> {
	const rows = await printersQuery(db).where('printers.unit_id', '=', unitId).orderBy('printers.name').execute();
	return rows.map(recordOf);
}

export async function printerById(db: Db, id: string): Promise<PrinterRecord | undefined> {
	if (!isUuid(id)) return undefined;
	const row = await printersQuery(db).where('printers.id', '=', id).executeTakeFirst();
	return row && recordOf(row);
}

export async function printerNameTaken(db: Db, unitId: string, name: string, exceptId?: string): Promise<boolean> {
	let q = db.selectFrom('printers').select('id').where('unit_id', '=', unitId).where('name', '=', name);
	if (exceptId) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

/** An active printer already serving this kiosk, other than `exceptId`. */
export async function kioskPrinterTaken(db: Db, kioskTokenId: string, exceptId?: string): Promise<boolean> {
	let q = db.selectFrom('printers').select('id').where('kiosk_token_id', '=', kioskTokenId).where('active', '=', true);
	if (exceptId) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

export interface PrinterValues {
	name: string;
	host: string;
	port: number;
	model: string;
	width: 58 | 80;
	codepage: PrinterConfig['codepage'];
	qr_mode: PrinterConfig['qrMode'];
	codepage_number: number | null;
	kiosk_token_id: string | null;
	header: string;
	footer: string;
	active: boolean;
}

export async function insertPrinter(db: Db, unitId: string, values: PrinterValues): Promise<string> {
	const row = await db
		.insertInto('printers')
		.values({ unit_id: unitId, ...values })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function savePrinter(db: Db, id: string, values: PrinterValues): Promise<void> {
	await db.updateTable('printers').set(values).where('id', '=', id).execute();
}

export async function savePrinterStatus(db: Db, printerId: string, status: StoredPrinterStatus, at: Date): Promise<void> {
	await db
		.updateTable('printers')
		.set({ last_status: JSON.stringify(status), last_status_at: at })
		.where('id', '=', printerId)
		.execute();
}

/**
 * The printer a ticket goes to: the kiosk's own when it has one, else the unit's default (an
 * active printer serving no particular kiosk). Another kiosk's printer is never borrowed: it
 * stands somewhere else in the room. A query, so a job is written with its printer in one
 * statement (withPrintJob).
 */
function printerFor(db: Db, unitId: string, kioskTokenId: string | null) {
	const base = db.selectFrom('printers').select(['id', 'name', 'last_status']).where('unit_id', '=', unitId).where('active', '=', true);
	const own = kioskTokenId && isUuid(kioskTokenId) ? kioskTokenId : null;
	return (own ? base.where((eb) => eb.or([eb('kiosk_token_id', '=', own), eb('kiosk_token_id', 'is', null)])) : base.where('kiosk_token_id', 'is', null))
		.orderBy(sql`kiosk_token_id is null`)
		.orderBy('created_at')
		.orderBy('id')
		.limit(1);
}

export interface NewJob {
	unitId: string;
	printerId: string | null | Expression<string | null>;
	ticketId: string | null | Expression<string>;
	kind: PrintJobKind;
	payload: object;
	status: PrintJobStatus | Expression<PrintJobStatus>;
	requestedBy: string;
	reprint?: boolean;
	attempts?: number;
	/** When it was asked for; a queued job is due from then. */
	at: Date;
	/** For a job inserted already claimed (`printing`): until when no runner may take it. */
	leaseUntil?: Date;
}

/** A job's row as print_jobs stores it. */
function jobRow(job: NewJob) {
	return {
		unit_id: job.unitId,
		printer_id: job.printerId,
		ticket_id: job.ticketId,
		kind: job.kind,
		payload: JSON.stringify(job.payload),
		status: job.status,
		requested_by: job.requestedBy,
		reprint: job.reprint ?? false,
		attempts: job.attempts ?? 0,
		next_attempt_at: job.leaseUntil ?? job.at,
		created_at: job.at
	};
}

/** A job on a printer chosen by the caller (a test page, sent at once). */
export async function insertJob(db: Db, job: NewJob): Promise<string> {
	const row = await db.insertInto('print_jobs').values(jobRow(job)).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/** A new paper job waits for its printer, or records that the unit has none for it. */
export type PaperJobStatus = Extract<PrintJobStatus, 'queued' | 'no_printer'>;

/** A ticket's or a protocol receipt's paper: what its job is written with. */
export interface PaperJob {
	unitId: string;
	/** The ticket printed, or its id as an expression when the ticket is written in the same statement. */
	ticketId: string | Expression<string> | null;
	/** The kiosk asking, whose own printer comes first (printerFor); null for the unit's default. */
	kioskTokenId: string | null;
	kind: 'ticket' | 'receipt';
	payload: object;
	requestedBy: string;
	reprint?: boolean;
	at: Date;
}

/**
 * Adds a paper job to a statement as two CTEs: `print_printer`, the printer it goes to
 * (printerFor, no row when there is none), and `print_job`, its row — `queued` on that printer,
 * or `no_printer` when the unit has none for it: recorded, never sent, and the kiosk shows its
 * on-screen ticket instead. Select PRINT_JOB_WRITTEN from them for the outcome. The issue writes
 * its ticket's job in the ticket's own statement through this, enqueuePrint on its own: one row
 * shape and one rule, one round trip either way.
 */
export function withPrintJob<DB>(query: QueryCreator<DB>, db: Db, paper: PaperJob) {
	const printerId = db.withTables<{ print_printer: { id: string } }>().selectFrom('print_printer').select('id').$asScalar();
	const status = sql<PaperJobStatus>`case when ${printerId} is null then 'no_printer' else 'queued' end`;
	const job = db.insertInto('print_jobs').values(jobRow({ ...paper, printerId, status })).returning(['id', 'status']);
	return (
		query
			.with('print_printer', () => printerFor(db, paper.unitId, paper.kioskTokenId))
			// As an expression of the row it returns: Kysely types an insert's CTE against the caller's
			// database, which printing does not know (the has the ticket's CTEs).
			.with('print_job', () => sql<{ id: string; status: PaperJobStatus }>`(${job})`)
	);
}

/** What became of a job written by withPrintJob: `print_job` left-joined with `print_printer`, these columns. */
export const PRINT_JOB_WRITTEN = [
	'print_job.id as jobId',
	'print_job.status as jobStatus',
	'print_printer.id as printerId',
	'print_printer.name as printerName',
	'print_printer.last_status as printerStatus'
] as const;

export interface PrintJobWritten {
	jobId: string;
	jobStatus: PaperJobStatus;
	printerId: string | null;
	printerName: string | null;
	printerStatus: StoredPrinterStatus | null;
}

/** Print jobs on the one durable job module, in the words the printer screens already use. */
export const PRINT_JOBS = registerJobTable({
	kind: 'print',
	table: 'print_jobs',
	status: { waiting: 'queued', claimed: 'printing', done: 'printed', dead: 'failed' },
	doneAt: 'printed_at'
});

/** What a job puts on paper: its kind and the data its layout needs. */
export interface JobPaper {
	kind: PrintJobKind;
	payload: Record<string, unknown>;
}

/** A job claimed for printing, with the attempt count that fences its outcome. */
export interface ClaimedPrintJob extends JobPaper {
	id: string;
	attempts: number;
	printerId: string | null;
	ticketId: string | null;
}

/** Claims due jobs for one runner (see {@link claimJobs}), oldest first: a claimed job is `printing` with a lease. */
export async function claimDueJobs(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedPrintJob[]> {
	const rows = await claimJobs<Selectable<PrintJobsTable>>(db, PRINT_JOBS, now, leaseUntil, limit);
	return rows.map((r) => ({ id: r.id, attempts: r.attempts, printerId: r.printer_id, ticketId: r.ticket_id, kind: r.kind, payload: r.payload }));
}

/** A dead print job back in the queue, due now, with fresh attempts (see {@link retryJob}). */
export function requeueFailedJob(db: Db, id: string, now: Date): Promise<boolean> {
	return retryJob(db, PRINT_JOBS, id, now);
}

/** A print job in the dead letter, as the printers screen lists it: no payload, no personal data. */
export interface FailedPrintJob {
	id: string;
	unitId: string;
	kind: PrintJobKind;
	printerName: string | null;
	ticketNumber: string | null;
	/** What decides whether it may be tried again (mayRetryPrint): a ticket's paper only while its visit is on. */
	ticketStatus: string | null;
	attempts: number;
	lastError: string | null;
	createdAt: Date;
}

/**
 * Dead print jobs with their ticket's number and status: printing's one read of the queue's
 * table, on purpose (decisions.md, issue 13). The list shows each job's ticket and whether it may
 * be tried again, and the retry checks the same; a join answers a screenful in one query, where
 * asking the queue would mean printing importing it against the one-way rule, for a read-only
 * view of two columns.
 */
function failedJobsQuery(db: Db) {
	return db
		.selectFrom('print_jobs')
		.leftJoin('printers', 'printers.id', 'print_jobs.printer_id')
		.leftJoin('tickets', 'tickets.id', 'print_jobs.ticket_id')
		.select([
			'print_jobs.id',
			'print_jobs.unit_id',
			'print_jobs.kind',
			'print_jobs.attempts',
			'print_jobs.last_error',
			'print_jobs.created_at',
			'printers.name as printer_name',
			'tickets.number as ticket_number',
			'tickets.status as ticket_status'
		])
		.where('print_jobs.status', '=', 'failed');
}

function failedJobOf(r: Awaited<ReturnType<ReturnType<typeof failedJobsQuery>['executeTakeFirstOrThrow']>>): FailedPrintJob {
	return {
		id: r.id,
		unitId: r.unit_id,
		kind: r.kind,
		printerName: r.printer_name,
		ticketNumber: r.ticket_number,
		ticketStatus: r.ticket_status,
		attempts: r.attempts,
		lastError: r.last_error,
		createdAt: r.created_at
	};
}

/** A dead print job by id, or undefined. */
export async function failedJobById(db: Db, id: string): Promise<FailedPrintJob | undefined> {
	if (!isUuid(id)) return undefined;
	const row = await failedJobsQuery(db).where('print_jobs.id', '=', id).executeTakeFirst();
	return row && failedJobOf(row);
}

/** The newest dead print jobs of these units (the dead-letter index of migration 0030 serves it). */
export async function failedJobsOfUnits(db: Db, unitIds: readonly string[], limit: number): Promise<FailedPrintJob[]> {
	if (unitIds.length === 0) return [];
	const rows = await failedJobsQuery(db).where('print_jobs.unit_id', 'in', unitIds).orderBy('print_jobs.seq', 'desc').limit(limit).execute();
	return rows.map(failedJobOf);
}

export async function printersByIds(db: Db, ids: readonly string[]): Promise<Map<string, Printer>> {
	if (ids.length === 0) return new Map();
	const rows = await db.selectFrom('printers').selectAll().where('id', 'in', ids).execute();
	return new Map(rows.map((r) => [r.id, printerOf(r)]));
}

/** Records what happened to a claimed job, fenced by its attempt count (see {@link finishJobRow}). */
export function finishJob(db: Db, job: { id: string; attempts: number }, outcome: JobOutcome): Promise<boolean> {
	return finishJobRow(db, PRINT_JOBS, job, outcome);
}

/** Active printers not heard from since `before`. */
export async function printersDueForCheck(db: Db, before: Date) {
	return db
		.selectFrom('printers')
		.select(['id', 'name', 'host', 'port'])
		.where('active', '=', true)
		.where((eb) => eb.or([eb('last_status_at', 'is', null), eb('last_status_at', '<', before)]))
		.execute();
}

export async function reprintCount(db: Db, ticketId: string): Promise<number> {
	const row = await db
		.selectFrom('print_jobs')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('ticket_id', '=', ticketId)
		.where('reprint', '=', true)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The first print job of a ticket: its payload, and the kiosk that asked for it. */
export async function originalTicketJob(db: Db, ticketId: string): Promise<{ payload: TicketPayload; requestedBy: string } | null> {
	const row = await db
		.selectFrom('print_jobs')
		.select(['payload', 'requested_by'])
		.where('ticket_id', '=', ticketId)
		.where('kind', '=', 'ticket')
		.where('reprint', '=', false)
		.orderBy('seq')
		.limit(1)
		.executeTakeFirst();
	return row ? { payload: row.payload as TicketPayload, requestedBy: row.requested_by } : null;
}

/** A ticket's newest print job (the reprint after one) with its printer's name and last status. */
export async function latestTicketJob(db: Db, ticketId: string) {
	if (!isUuid(ticketId)) return undefined;
	const row = await db
		.selectFrom('print_jobs')
		.leftJoin('printers', 'printers.id', 'print_jobs.printer_id')
		.select(['print_jobs.status', 'print_jobs.attempts', 'printers.name', 'printers.last_status'])
		.where('print_jobs.ticket_id', '=', ticketId)
		.where('print_jobs.kind', '=', 'ticket')
		.orderBy('print_jobs.seq', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? { status: row.status, attempts: row.attempts, printerName: row.name, lastStatus: row.last_status } : undefined;
}

/** The ticket a kiosk printed most recently, and when. */
export async function lastTicketOfKiosk(db: Db, requestedBy: string): Promise<{ ticketId: string; printedAt: Date } | null> {
	const row = await db
		.selectFrom('print_jobs')
		.select(['ticket_id', 'created_at'])
		.where('requested_by', '=', requestedBy)
		.where('kind', '=', 'ticket')
		.where('reprint', '=', false)
		.orderBy('seq', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row?.ticket_id ? { ticketId: row.ticket_id, printedAt: row.created_at } : null;
}
