import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { isUuid } from '$lib/server/http/validate';
import { retryJob } from '$lib/jobs/store.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { activeUnits } from '$lib/units/store.server';
import { mayRetryMessage, withoutContacts } from './dead-letter';
import { failedMessageById, failedMessagesOfUnits, VISITOR_MESSAGES, type FailedMessage } from './store.server';

/** How many dead messages the screen lists: the newest; the report counts them all. */
const LIST_LIMIT = 200;

export interface FailedMessageView extends Omit<FailedMessage, 'createdAt' | 'subject'> {
	readonly createdAt: string;
	/** False once the visit is over (or a "near" after the call): sending it now would tell nothing. */
	readonly retryable: boolean;
}

/** The visitor messages that gave up, in the units a manager runs (every unit for an admin), newest first. */
export async function listFailedMessages(deps: Deps, actor: Actor): Promise<FailedMessageView[]> {
	const user = requireUser(actor);
	authorize(actor, 'unit:manage');
	const units = await activeUnits(deps.db);
	const unitIds = units.filter((u) => user.role === 'admin' || user.unitIds.includes(u.id)).map((u) => u.id);
	const rows = await failedMessagesOfUnits(deps.db, unitIds, LIST_LIMIT);
	const now = deps.now();
	return rows.map(({ subject, ...m }) => ({
		...m,
		createdAt: m.createdAt.toISOString(),
		lastError: m.lastError === null ? null : withoutContacts(m.lastError),
		retryable: mayRetryMessage(m.kind, subject, now)
	}));
}

/**
 * Puts a dead visitor message back in the outbox, due now, with a fresh set of attempts: the
 * "try again" once the provider is configured or back. The same retry as print jobs, mails and
 * webhook deliveries (jobs/store.server.ts); audited.
 */
export async function retryFailedMessage(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'unit:manage');
	const message = isUuid(id) ? await failedMessageById(deps.db, id) : undefined;
	if (!message) throw new VezError('not_found', 'No such failed message.');
	authorize(actor, 'unit:manage', { unitId: message.unitId });
	if (!mayRetryMessage(message.kind, message.subject, deps.now())) {
		throw new VezError('invalid_transition', 'The visit or the appointment is over, or the ticket was called already: the message would tell nothing now.');
	}
	await deps.db.transaction().execute(async (trx) => {
		if (!(await retryJob(trx, VISITOR_MESSAGES, message.id, deps.now()))) throw new VezError('not_found', 'No such failed message.');
		await audit(trx, actor, 'visitor_message.retry', 'visitor_message', message.id, { kind: message.kind });
	});
	announceJobQueued(VISITOR_MESSAGES.kind);
}
