import type { Db } from '$lib/server/db/database';
import type { Database } from '$lib/server/db/schema';
import { printerOnline, type ReceiptPayload, type TicketPayload } from './print-jobs';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { PRINT_JOB_WRITTEN, PRINT_JOBS, withPrintJob, type PaperJob, type PaperJobStatus, type PrintJobWritten } from './store.server';

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
	status: PaperJobStatus;
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
	return enqueuePrint(trx, { ...request, kind: 'ticket' });
}

/** A protocol receipt, on the unit's default printer (the counter's side, not a kiosk's). */
export async function enqueueReceiptPrint(
	trx: Db,
	request: { unitId: string; payload: ReceiptPayload; requestedBy: string; at: Date }
): Promise<EnqueuedPrint> {
	return enqueuePrint(trx, { ...request, kind: 'receipt', ticketId: null, kioskTokenId: null });
}

/**
 * What became of a paper job written with withPrintJob (on its own here, or in the ticket's own
 * statement by the issue): the runner is nudged when the job waits for its printer.
 */
export function printJobWritten(job: PrintJobWritten): EnqueuedPrint {
	if (job.jobStatus === 'queued') announceJobQueued(PRINT_JOBS.kind);
	return {
		jobId: job.jobId,
		status: job.jobStatus,
		printerId: job.printerId,
		printerName: job.printerName,
		printerOnline: job.printerId ? printerOnline(job.printerStatus) : null
	};
}

async function enqueuePrint(trx: Db, paper: PaperJob): Promise<EnqueuedPrint> {
	const written = await withPrintJob<Database>(trx, trx, paper)
		.selectFrom('print_job')
		.leftJoin('print_printer', (join) => join.onTrue())
		.select(PRINT_JOB_WRITTEN)
		.executeTakeFirstOrThrow();
	return printJobWritten(written);
}
