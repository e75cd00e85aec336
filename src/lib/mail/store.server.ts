import type { Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { MailOutboxTable } from '$lib/server/db/schema';
import type { MailStatus } from '$lib/mail/mail-outbox';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { OUTBOX_STATUS } from '$lib/jobs/retry';
import { claimJobs, finishJob, retryJob, type JobOutcome } from '$lib/jobs/store.server';

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

/** The mail outbox on the one durable job module, in the words the outbox screen already uses. */
export const MAIL_OUTBOX = registerJobTable({
	kind: 'mail',
	table: 'mail_outbox',
	status: OUTBOX_STATUS,
	doneAt: 'sent_at'
});

/** A mail claimed for sending: what goes to the relay, and the attempt count that fences its outcome. */
export interface ClaimedMail {
	id: string;
	kind: string;
	attempts: number;
	to: string;
	subject: string;
	text: string;
	html: string | null;
}

/** Claims due mails for one runner (see {@link claimJobs}): a claimed mail is `sending` with a lease. */
export async function claimDueMails(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMail[]> {
	const rows = await claimJobs<Selectable<MailOutboxTable>>(db, MAIL_OUTBOX, now, leaseUntil, limit);
	return rows.map((r) => ({ id: r.id, kind: r.kind, attempts: r.attempts, to: r.to_address, subject: r.subject, text: r.text_body, html: r.html_body }));
}

/** Records what happened to a claimed mail, fenced by its attempt count (see {@link finishJob}). */
export function finishMail(db: Db, mail: { id: string; attempts: number }, outcome: JobOutcome): Promise<boolean> {
	return finishJob(db, MAIL_OUTBOX, mail, outcome);
}

/** A failed mail back in the queue, due now: the administrator's "send again" once the relay is fixed. */
export function retryMail(db: Db, id: string, now: Date): Promise<boolean> {
	return retryJob(db, MAIL_OUTBOX, id, now);
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

/** Mails about these protocols (kinds written to a protocol's citizen) or appointments (to an appointment's), newest first. */
export async function mailsAbout(db: Db, about: { protocols: readonly string[]; protocolKinds: readonly string[]; appointments: readonly string[]; appointmentKinds: readonly string[] }) {
	const rows = await db
		.selectFrom('mail_outbox')
		.select(['kind', 'ref', 'to_address', 'subject', 'status', 'created_at'])
		.where((eb) =>
			eb.or([
				...(about.protocols.length ? [eb.and([eb('ref', 'in', [...about.protocols]), eb('kind', 'in', [...about.protocolKinds])])] : []),
				...(about.appointments.length ? [eb.and([eb('ref', 'in', [...about.appointments]), eb('kind', 'in', [...about.appointmentKinds])])] : []),
				eb.val(false)
			])
		)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((m) => ({ kind: m.kind, ref: m.ref, to: m.to_address, subject: m.subject, status: m.status, createdAt: new Date(m.created_at) }));
}

/** Deletes the mails of these refs and kinds, except one being sent now; returns how many. */
export async function deleteMailsOf(trx: Db, refs: readonly string[], kinds: readonly string[]): Promise<number> {
	if (refs.length === 0) return 0;
	const rows = await trx.deleteFrom('mail_outbox').where('ref', 'in', [...refs]).where('kind', 'in', [...kinds]).where('status', '!=', 'sending').returning('id').execute();
	return rows.length;
}
