import type { Deps } from '$lib/server/deps';
import { jobBytes, PRINT_RETRY, RETRY_DELAYS_SECONDS, statusAfterSend, statusFromQuery } from './print-jobs';
import { claimDueJobs, finishJob, PRINT_JOBS, printerConfig, printersByIds, printersDueForCheck, savePrinterStatus, type ClaimedPrintJob, type JobPaper, type Printer } from './store.server';
import { PrinterUnavailable, queryStatus, sendToPrinter, type AddressCheck, type SendOptions } from './transport.server';
import { printerAddressAllowed } from './printer-address';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import { failAttempt } from '$lib/jobs/store.server';

/**
 * How long a claimed job belongs to its runner. Longer than a batch can take on one printer
 * (each send is bounded by the transport's connect + write timeouts), so a live runner never
 * loses a job to another; a dead one's jobs come back after it.
 */
const LEASE_MS = 120_000;
const BATCH = 10;

export interface RunOptions {
	limit?: number;
	send?: SendOptions;
}

export interface RunReport {
	claimed: number;
	printed: number;
	retried: number;
	failed: number;
}

type SendResult = { ok: true } | { ok: false; reason: PrinterUnavailable['reason']; error: string };

/** The addresses a printer on `port` may be reached at, by the operator's VEZ_PRINTER_NETWORKS. */
export const printerAllowed =
	(deps: Deps, port: number): AddressCheck =>
	(ip) =>
		printerAddressAllowed(ip, port, { networks: deps.config.printerNetworks, virtualPrinterPort: deps.config.virtualPrinterPort });

/** A job's bytes for this printer, with the printer's header and footer of now. */
export function layOut(job: JobPaper, printer: Printer): Uint8Array {
	return jobBytes(job.kind, job.payload, printerConfig(printer), { header: printer.header, footer: printer.footer });
}

/** Sends bytes to a printer and records what the attempt taught about it. */
export async function sendBytes(deps: Deps, bytes: Uint8Array, printer: Printer, send: SendOptions = {}): Promise<SendResult> {
	let result: SendResult;
	try {
		await sendToPrinter(printer.host, printer.port, printerAllowed(deps, printer.port), bytes, send);
		result = { ok: true };
	} catch (e) {
		if (!(e instanceof PrinterUnavailable)) throw e;
		result = { ok: false, reason: e.reason, error: e.message };
	}
	const status = statusAfterSend(printer.lastStatus, result.ok ? null : result);
	printer.lastStatus = status;
	await savePrinterStatus(deps.db, printer.id, status, deps.now());
	return result;
}

/**
 * Sends the due print jobs once. Safe to run in several processes at once: each claims its own
 * jobs (SKIP LOCKED) and a job is sent by the runner holding its claim only. A printer's jobs go
 * out one by one in issue order; once one fails, the rest of that printer's batch waits for the
 * same retry time instead of each waiting for its own timeout.
 */
export async function runPrintJobs(deps: Deps, options: RunOptions = {}): Promise<RunReport> {
	const now = deps.now();
	const jobs = await claimDueJobs(deps.db, now, new Date(now.getTime() + LEASE_MS), options.limit ?? BATCH);
	const report: RunReport = { claimed: jobs.length, printed: 0, retried: 0, failed: 0 };
	if (jobs.length === 0) return report;

	const printers = await printersByIds(deps.db, [...new Set(jobs.flatMap((j) => (j.printerId ? [j.printerId] : [])))]);
	const byPrinter = new Map<string | null, ClaimedPrintJob[]>();
	for (const job of jobs) {
		const list = byPrinter.get(job.printerId) ?? [];
		list.push(job);
		byPrinter.set(job.printerId, list);
	}

	await Promise.all(
		[...byPrinter].map(async ([printerId, queue]) => {
			const printer = printerId ? printers.get(printerId) : undefined;
			for (let i = 0; i < queue.length; i++) {
				const job = queue[i];
				if (!printer || !printer.active) {
					await finishJob(deps.db, job, { status: 'failed', error: printer ? 'printer_inactive' : 'printer_removed' });
					report.failed += 1;
					continue;
				}
				let bytes: Uint8Array;
				try {
					bytes = layOut(job, printer);
				} catch (e) {
					// A layout that cannot be made (a code page the model lacks) will not work on retry either.
					const error = e instanceof Error ? e.message : String(e);
					deps.log.error('print job cannot be laid out', { job: job.id, printer: printer.name, error });
					await finishJob(deps.db, job, { status: 'failed', error });
					report.failed += 1;
					continue;
				}
				const sent = await sendBytes(deps, bytes, printer, options.send);
				if (sent.ok) {
					await finishJob(deps.db, job, { status: 'done', at: deps.now() });
					report.printed += 1;
					continue;
				}
				const { next } = await failAttempt(deps.db, PRINT_JOBS, PRINT_RETRY, job, { error: sent.error, now: deps.now() });
				if (next.status === 'failed') {
					deps.log.warn('print job failed', { job: job.id, printer: printer.name, attempts: job.attempts, error: sent.error });
					report.failed += 1;
				} else {
					deps.log.info('print job will be retried', { job: job.id, printer: printer.name, attempts: job.attempts, at: next.nextAttemptAt.toISOString(), error: sent.error });
					report.retried += 1;
				}
				const wait = next.status === 'queued' ? next.nextAttemptAt : new Date(deps.now().getTime() + RETRY_DELAYS_SECONDS[0] * 1000);
				for (const rest of queue.slice(i + 1)) await finishJob(deps.db, rest, { status: 'released', nextAttemptAt: wait });
				return;
			}
		})
	);
	return report;
}

/** Runs batches until the due jobs are gone (or a bound is reached). */
export async function drainPrintJobs(deps: Deps, options: RunOptions = {}): Promise<RunReport> {
	const limit = options.limit ?? BATCH;
	return drainPasses(() => runPrintJobs(deps, { ...options, limit }), (r) => r.claimed >= limit);
}

/**
 * Sends print jobs every `intervalMs` and, between ticks, as soon as this process queues one,
 * so the paper comes out while the visitor still looks at the kiosk.
 */
export function startPrintRunner(deps: Deps, intervalMs = 1000): () => Promise<void> {
	return startJobRunner({ kind: PRINT_JOBS.kind, intervalMs, log: deps.log, drain: async () => (await drainPrintJobs(deps)).claimed });
}

export interface CheckOptions {
	/** Printers heard from more recently than this are left alone (a send counts). */
	staleAfterMs?: number;
	timeoutMs?: number;
}

/** Asks each active printer not heard from lately for its status (`DLE EOT`) and records it. */
export async function checkPrinters(deps: Deps, options: CheckOptions = {}): Promise<number> {
	const now = deps.now();
	const printers = await printersDueForCheck(deps.db, new Date(now.getTime() - (options.staleAfterMs ?? 50_000)));
	await Promise.all(
		printers.map(async (p) => {
			const status = statusFromQuery(await queryStatus(p.host, p.port, printerAllowed(deps, p.port), options.timeoutMs ?? 2000));
			await savePrinterStatus(deps.db, p.id, status, deps.now());
		})
	);
	return printers.length;
}
