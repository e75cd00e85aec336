import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { requester } from './enqueue-print.server';
import type { TestPagePayload } from './print-jobs';
import { layOut, sendBytes } from './print-runner.server';
import { finishJob, insertJob, printerById } from './store.server';
import { PrinterUnavailable } from './transport.server';
import type { TestPageResult } from './views';

/**
 * Prints a test page now, not through the queue: whoever is configuring the printer stands
 * next to it and wants the answer at once. The attempt is kept as a print job and updates the
 * printer's status either way; an unreachable printer answers 503 with the reason.
 */
export async function printTestPage(deps: Deps, actor: Actor, printerId: string, origin?: string): Promise<TestPageResult> {
	const printer = await printerById(deps.db, printerId);
	if (!printer) throw new VezError('printer_not_found', 'No printer with this id.');
	authorize(actor, 'printer:manage', { unitId: printer.unitId });
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated');

	const now = deps.now();
	const base = (deps.config.publicUrl ?? origin ?? 'http://localhost').replace(/\/$/, '');
	const payload: TestPagePayload = { qrData: `${base}/`, printedAt: now.toISOString(), timezone: printer.unitTimezone };
	const job = { kind: 'test' as const, payload: payload as unknown as Record<string, unknown> };
	const bytes = layOut(job, printer);
	// Inserted already claimed (printing, attempt 1) so no runner picks it up meanwhile.
	const id = await insertJob(deps.db, {
		unitId: printer.unitId,
		printerId: printer.id,
		ticketId: null,
		kind: 'test',
		payload,
		status: 'printing',
		attempts: 1,
		requestedBy: requester(actor),
		at: now,
		leaseUntil: new Date(now.getTime() + 60_000)
	});
	const sent = await sendBytes(deps, bytes, printer);
	if (sent.ok) {
		await finishJob(deps.db, { id, attempts: 1 }, { status: 'done', at: deps.now() });
		return { jobId: id, status: 'printed', printer: printer.name };
	}
	await finishJob(deps.db, { id, attempts: 1 }, { status: 'failed', error: sent.error });
	throw new PrinterUnavailable(sent.reason, printer.host, printer.port);
}
