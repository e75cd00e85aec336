import type { Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { MailOutboxTable } from '$lib/server/db/schema';
import type { MailStatus } from '$lib/mail/mail-outbox';

export type MailRow = Selectable<MailOutboxTable>;

export interface NewMail {
	to: string;
	subject: string;
	text: string;
	html: string | null;
	kind: string;
	ref: string | null;
}

/** Due at once: next_attempt_at takes the database's now(), the same clock the commit happens on. */
export async function insertMail(db: Db, mail: NewMail): Promise<void> {
	await db
		.insertInto('mail_outbox')
		.values({ to_address: mail.to, subject: mail.subject, text_body: mail.text, html_body: mail.html, kind: mail.kind, ref: mail.ref })
		.execute();
}

/**
 * Claims up to `limit` due mails for one runner until `leaseUntil`, oldest first. SKIP LOCKED lets
 * concurrent runners each take different rows instead of waiting on, then re-sending, the same
 * ones; 'sending' rows whose lease ran out (their runner died) are due again.
 */
export async function claimDueMails(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<MailRow[]> {
	const rows = await db
		.updateTable('mail_outbox')
		.set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
		.where('id', 'in', (eb) =>
			eb
				.selectFrom('mail_outbox')
				.select('id')
				.where('status', 'in', ['queued', 'sending'])
				.where('next_attempt_at', '<=', now)
				.orderBy('seq')
				.limit(limit)
				.forUpdate()
				.skipLocked()
		)
		.returningAll()
		.execute();
	return rows.sort((a, b) => a.seq - b.seq);
}

export type MailOutcome =
	| { status: 'sent'; at: Date }
	| { status: 'queued'; nextAttemptAt: Date; error: string }
	| { status: 'failed'; error: string }
	/** Not attempted in this claim: give the attempt back. */
	| { status: 'released'; nextAttemptAt: Date };

/**
 * Records what happened to a claimed mail. The claim's attempt count fences it: if the lease ran
 * out and another runner claimed the mail meanwhile, this stale result changes nothing.
 */
export async function finishMail(db: Db, mail: { id: string; attempts: number }, outcome: MailOutcome): Promise<boolean> {
	const q = db.updateTable('mail_outbox').where('id', '=', mail.id).where('status', '=', 'sending').where('attempts', '=', mail.attempts);
	const set =
		outcome.status === 'sent'
			? q.set({ status: 'sent', sent_at: outcome.at, last_error: null })
			: outcome.status === 'queued'
				? q.set({ status: 'queued', next_attempt_at: outcome.nextAttemptAt, last_error: outcome.error })
				: outcome.status === 'failed'
					? q.set({ status: 'failed', last_error: outcome.error })
					: q.set((eb) => ({ status: 'queued', attempts: eb('attempts', '-', 1), next_attempt_at: outcome.nextAttemptAt }));
	const result = await set.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export interface OutboxEntry {
	id: string;
	to: string;
	subject: string;
	text: string;
	kind: string;
	ref: string | null;
	status: MailStatus;
	attempts: number;
	nextAttemptAt: Date;
	lastError: string | null;
	createdAt: Date;
	sentAt: Date | null;
}

/** The newest mails first, for the admin outbox. */
export async function recentMails(db: Db, limit: number): Promise<OutboxEntry[]> {
	const rows = await db.selectFrom('mail_outbox').selectAll().orderBy('seq', 'desc').limit(limit).execute();
	return rows.map((r) => ({
		id: r.id,
		to: r.to_address,
		subject: r.subject,
		text: r.text_body,
		kind: r.kind,
		ref: r.ref,
		status: r.status,
		attempts: r.attempts,
		nextAttemptAt: r.next_attempt_at,
		lastError: r.last_error,
		createdAt: r.created_at,
		sentAt: r.sent_at
	}));
}

/** How many mails are in each status, so the outbox can say what is waiting. */
export async function mailCounts(db: Db): Promise<Record<MailStatus, number>> {
	const rows = await db
		.selectFrom('mail_outbox')
		.select((eb) => ['status', eb.fn.countAll<number>().as('n')])
		.groupBy('status')
		.execute();
	const counts: Record<MailStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
	for (const r of rows) counts[r.status] = Number(r.n);
	return counts;
}
