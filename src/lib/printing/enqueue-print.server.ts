import type { Db } from '$lib/server/db/database';
import { printerOnline, type PrintJobKind, type ReceiptPayload, type StoredPrinterStatus, type TicketPayload } from './print-jobs';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { insertJob, pickPrinter, PRINT_JOBS } from './store.server';

export interface TicketPrintRequest {
	unitId: string;
	ticketId: string;
	/** The kiosk token that issued the ticket; null for staff, who print on the unit's default printer. */
	kioskTokenId: string | null;
	payload: TicketPayload;
	/** `token:<id>` or `user:<id>`. */
	requestedBy: string;
	at: Date;
	reprint?: boolean;
}

export interface EnqueuedPrint {
	jobId: string;
	status: 'queued' | 'no_printer';
	printerId: string | null;
	printerName: string | null;
	/** From the printer's last known status; null when it was never heard from. */
	printerOnline: boolean | null;
}

/** Who asked for a print, as print_jobs.requested_by keeps it. */
export function requester(actor: { kind: 'user' | 'device'; id: string }): string {
	return `${actor.kind === 'device' ? 'token' : 'user'}:${actor.id}`;
}

/**
 * Writes a ticket's print job in the caller's transaction, so a ticket and its print job exist
 * together or not at all. Nothing here talks to the printer: a dead printer can never block or
 * fail issuing; the runner, nudged now, sends the job once it can see it (after commit).
 */
export async function enqueueTicketPrint(trx: Db, request: TicketPrintRequest): Promise<EnqueuedPrint> {
	return enqueuePrint(trx, 'ticket', request);
}

/** A protocol receipt, on the unit's default printer (the counter's side, not a kiosk's). */
export async function enqueueReceiptPrint(
	trx: Db,
	request: { unitId: string; payload: ReceiptPayload; requestedBy: string; at: Date }
): Promise<EnqueuedPrint> {
	return enqueuePrint(trx, 'receipt', { ...request, ticketId: null, kioskTokenId: null });
}

/**
 * What became of the print job a new ticket was written with (insertIssuedTicket, one statement
 * for both): the runner is nudged when the job waits for its printer.
 */
export function ticketPrintWritten(job: { jobId: string; status: 'queued' | 'no_printer'; printerId: string | null; printerName: string | null; printerStatus: unknown }): EnqueuedPrint {
	if (job.status === 'queued') announceJobQueued(PRINT_JOBS.kind);
	return {
		jobId: job.jobId,
		status: job.status,
		printerId: job.printerId,
		printerName: job.printerName,
		printerOnline: job.printerId ? printerOnline(job.printerStatus as StoredPrinterStatus | null) : null
	};
}

async function enqueuePrint(
	trx: Db,
	kind: PrintJobKind,
	request: Omit<TicketPrintRequest, 'ticketId' | 'payload'> & { ticketId: string | null; payload: object }
): Promise<EnqueuedPrint> {
	const printer = await pickPrinter(trx, request.unitId, request.kioskTokenId);
	const status = printer ? 'queued' : 'no_printer';
	const jobId = await insertJob(trx, {
		unitId: request.unitId,
		printerId: printer?.id ?? null,
		ticketId: request.ticketId,
		kind,
		payload: request.payload,
		status,
		requestedBy: request.requestedBy,
		reprint: request.reprint,
		at: request.at
	});
	if (status === 'queued') announceJobQueued(PRINT_JOBS.kind);
	return {
		jobId,
		status,
		printerId: printer?.id ?? null,
		printerName: printer?.name ?? null,
		printerOnline: printer ? printerOnline(printer.last_status) : null
	};
}
