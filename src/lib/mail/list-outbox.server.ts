import { z } from 'zod';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { MailStatus } from '$lib/mail/mail-outbox';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { VezError } from '$lib/errors';
import { audit } from '$lib/audit/audit.server';
import { isUuid } from '$lib/server/http/validate';
import { mailCounts, recentMails, retryMail, type OutboxEntry } from './store.server';

const ListOutboxInput = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export interface OutboxView {
	mails: OutboxEntry[];
	counts: Record<MailStatus, number>;
	/**
	 * False when VEZ_SMTP_URL is unset: queued mails are what would have been sent. Not tied to
	 * this process's VEZ_JOBS: a web process may show the outbox while a worker sends it.
	 */
	sending: boolean;
	from: string;
}

/** The outbox for an administrator: the newest mails first, with what happened to each. */
export async function listOutbox(deps: Deps, actor: Actor, raw: { limit?: unknown } = {}): Promise<OutboxView> {
	authorize(actor, 'admin');
	const input = parse(ListOutboxInput, raw);
	const [mails, counts] = await Promise.all([recentMails(deps.db, input.limit), mailCounts(deps.db)]);
	return { mails, counts, sending: deps.config.smtpUrl !== null, from: deps.config.mailFrom };
}

/** Puts a failed mail back in the queue, due now (the relay or the address was fixed); audited. */
export async function retryFailedMail(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'admin');
	if (!isUuid(id)) throw new VezError('not_found', 'No such failed mail.');
	await deps.db.transaction().execute(async (trx) => {
		if (!(await retryMail(trx, id, deps.now()))) throw new VezError('not_found', 'No such failed mail.');
		await audit(trx, actor, 'mail.retry', 'mail', id);
	});
}
