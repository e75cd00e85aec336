import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { mayRetryPrint } from './print-jobs';
import { failedJobById, PRINT_JOBS, requeueFailedJob } from './store.server';

/**
 * Puts a failed print job back in the queue, due now, with a fresh set of attempts: the "try
 * again" once the printer has paper or is back on the network. It prints the job's own stored
 * bytes, so it is not a reprint (no copy is added to the ticket's count). Audited.
 */
export async function retryPrintJob(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'printer:manage');
	const job = await failedJobById(deps.db, id);
	if (!job) throw new VezError('not_found', 'No such failed print job.');
	authorize(actor, 'printer:manage', { unitId: job.unitId });
	if (!mayRetryPrint(job.kind, job.ticketStatus)) {
		throw new VezError('invalid_transition', 'This ticket’s visit is over: its paper is not printed any more.');
	}
	await deps.db.transaction().execute(async (trx) => {
		if (!(await requeueFailedJob(trx, job.id, deps.now()))) throw new VezError('not_found', 'No such failed print job.');
		await audit(trx, actor, 'print_job.retry', 'print_job', job.id, { kind: job.kind });
	});
	announceJobQueued(PRINT_JOBS.kind);
}
