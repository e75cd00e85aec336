import { maxAttempts, type RetryPolicy } from '../jobs/retry.js';
import type { PrinterConfig } from './printer-profile.js';
import type { PrinterStatus, PrinterUnavailableReason } from './printer-status.js';
import { protocolReceiptBytes, type ProtocolReceiptPrint } from './receipt-layout.js';
import { testPageBytes } from './test-page.js';
import { ticketBytes, type LayoutOptions, type TicketPrint } from './ticket-layout.js';

export type PrintJobKind = 'ticket' | 'receipt' | 'test';
/** `no_printer` jobs are never sent: the unit had no printer for that kiosk; the row records it happened. */
export type PrintJobStatus = 'queued' | 'printing' | 'printed' | 'failed' | 'no_printer';

/** What a manager needs to know about a printer, worst first. */
export type PrinterHealth = 'unreachable' | 'offline' | 'paper_out' | 'paper_near_end' | 'ok';

/** The last thing Vez learned about a printer, kept in `printers.last_status`. */
export interface StoredPrinterStatus {
	health: PrinterHealth;
	/** What told us: a job sent to it, or a `DLE EOT` status query. */
	source: 'send' | 'query';
	reason: PrinterUnavailableReason | null;
	/** Whether it answers `DLE EOT` at all; many clones never do, so their paper state stays unknown. */
	answers: boolean | null;
	error: string | null;
}

/**
 * Seconds to wait after the n-th failed attempt: a kiosk printer that was switched off or ran
 * out of paper is usually back within a few minutes, and after that a ticket printed late is
 * worth less than a reprint asked for by someone who is still there.
 */
export const RETRY_DELAYS_SECONDS = [5, 15, 45, 135] as const;
/**
 * No jitter: a printer is one device whose whole batch already waits for the same retry time,
 * so there is no crowd of jobs to spread out.
 */
export const PRINT_RETRY: RetryPolicy = { delaysSeconds: RETRY_DELAYS_SECONDS, jitter: 0 };
export const MAX_ATTEMPTS = maxAttempts(PRINT_RETRY);

/** A ticket's visit is still on: its paper is worth printing. */
const VISIT_ON: ReadonlySet<string> = new Set(['waiting', 'called', 'serving']);

/**
 * Whether a dead print job may be tried again by hand (once the printer is back): a receipt or
 * a test page always; a ticket only while its visit is on, because once it ended the paper would
 * carry a number nobody will be called by.
 */
export function mayRetryPrint(kind: PrintJobKind, ticketStatus: string | null): boolean {
	return kind !== 'ticket' || (ticketStatus !== null && VISIT_ON.has(ticketStatus));
}

/** Reprints per ticket: enough for a jammed or torn ticket, not a way to hand out copies. */
export const MAX_REPRINTS = 2;

/** A kiosk may reprint the ticket it just printed, while the person is plausibly still in front of it. */
export const KIOSK_REPRINT_MINUTES = 10;

/** One more copy of a ticket already reprinted `done` times, and how many would be left after it. */
export function reprintAllowance(done: number): { ok: true; reprintsLeft: number } | { ok: false; code: 'limit_reached' } {
	if (done >= MAX_REPRINTS) return { ok: false, code: 'limit_reached' };
	return { ok: true, reprintsLeft: MAX_REPRINTS - done - 1 };
}

/**
 * A kiosk reprints only the ticket it printed last, within KIOSK_REPRINT_MINUTES: anyone can tap
 * a kiosk, so it must not hand out copies of someone else's number.
 */
export function kioskMayReprint(last: { ticketId: string; printedAt: Date } | null | undefined, ticketId: string, now: Date): boolean {
	if (!last || last.ticketId !== ticketId) return false;
	return now.getTime() - last.printedAt.getTime() <= KIOSK_REPRINT_MINUTES * 60_000;
}

/**
 * The status after sending a job. A refused or timed-out send means unreachable; a send that
 * went through only proves the socket took the bytes, so it clears "unreachable" but not paper
 * out or offline, which only a status query can see.
 */
export function statusAfterSend(
	previous: StoredPrinterStatus | null,
	failure: { reason: PrinterUnavailableReason; error: string } | null
): StoredPrinterStatus {
	const answers = previous?.answers ?? null;
	if (failure) return { health: 'unreachable', source: 'send', reason: failure.reason, answers, error: failure.error };
	if (previous && previous.source === 'query' && previous.health !== 'unreachable' && previous.health !== 'ok') return previous;
	return { health: 'ok', source: 'send', reason: null, answers, error: null };
}

/** The status a `DLE EOT` query found; a printer that takes the connection but stays silent counts as ok. */
export function statusFromQuery(status: PrinterStatus): StoredPrinterStatus {
	if (!status.reachable) {
		return { health: 'unreachable', source: 'query', reason: status.reason, answers: null, error: `no connection (${status.reason})` };
	}
	if (!status.answered) return { health: 'ok', source: 'query', reason: null, answers: false, error: null };
	const health: PrinterHealth = status.paperOut ? 'paper_out' : !status.online ? 'offline' : status.paperNearEnd ? 'paper_near_end' : 'ok';
	return { health, source: 'query', reason: null, answers: true, error: null };
}

/** Whether the printer can print now as far as Vez knows; null when it was never heard from. */
export function printerOnline(status: StoredPrinterStatus | null): boolean | null {
	if (!status) return null;
	return status.health === 'ok' || status.health === 'paper_near_end';
}

/** A ticket as stored in a job: JSON, dates as ISO strings. */
export type TicketPayload = Omit<TicketPrint, 'issuedAt'> & { issuedAt: string };
export type ReceiptPayload = Omit<ProtocolReceiptPrint, 'openedAt' | 'dueAt'> & { openedAt: string; dueAt: string | null };
export interface TestPagePayload {
	qrData: string;
	printedAt: string;
	timezone: string;
}

export function ticketPayload(ticket: TicketPrint): TicketPayload {
	return { ...ticket, issuedAt: ticket.issuedAt.toISOString() };
}

/** The bytes of a stored job for one printer; header and footer are the printer's at print time. */
export function jobBytes(kind: PrintJobKind, payload: Record<string, unknown>, printer: PrinterConfig, options: LayoutOptions): Uint8Array {
	switch (kind) {
		case 'ticket': {
			const p = payload as unknown as TicketPayload;
			return ticketBytes({ ...p, issuedAt: new Date(p.issuedAt) }, printer, options);
		}
		case 'receipt': {
			const p = payload as unknown as ReceiptPayload;
			return protocolReceiptBytes({ ...p, openedAt: new Date(p.openedAt), dueAt: p.dueAt ? new Date(p.dueAt) : null }, printer, options);
		}
		case 'test': {
			const p = payload as unknown as TestPagePayload;
			return testPageBytes(printer, { qrData: p.qrData, printedAt: new Date(p.printedAt), timezone: p.timezone });
		}
	}
}

/** What `GET /tickets/{id}/print` answers: the latest print job of a ticket (a reprint's, after one). */
import type { TicketPrintState } from './views.js';
export type { TicketPrintState };

/**
 * What a kiosk's ticket screen tells the visitor about paper. `waiting`: the job waits for the
 * runner; `printing`: the printer has it; `printed`: it took the bytes; `failed`: every attempt
 * failed; `unavailable`: no paper will come soon (no printer, or it is known to be off while the
 * job waits for a retry); `none`: nobody asked for paper.
 */
export type TicketPaper = 'waiting' | 'printing' | 'printed' | 'failed' | 'unavailable' | 'none';

export function ticketPaper(print: Pick<TicketPrintState, 'status' | 'printerOnline'> | null): TicketPaper {
	if (!print) return 'none';
	switch (print.status) {
		case 'no_printer':
			return 'unavailable';
		case 'failed':
			return 'failed';
		case 'printed':
			return 'printed';
		case 'printing':
			return 'printing';
		case 'queued':
			return print.printerOnline === false ? 'unavailable' : 'waiting';
	}
}

/** Whether a print job is over (printed, given up, or never sent); until then the kiosk keeps asking. */
export const printSettled = (print: Pick<TicketPrintState, 'status'> | null): boolean =>
	print === null || print.status === 'printed' || print.status === 'failed' || print.status === 'no_printer';
