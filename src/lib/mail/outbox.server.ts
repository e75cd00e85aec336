import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '$lib/server/db/schema';
import { parse } from '$lib/server/http/validate';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { insertMail, MAIL_OUTBOX } from './store.server';

/** An address nodemailer will put in one `To:` header: no line breaks, no list of several. */
const MailInput = z.object({
	to: z.email().max(320),
	// One header line: a line break would let a subject add headers of its own.
	subject: z.string().trim().min(1).max(400).regex(/^[^\r\n]*$/),
	text: z.string().min(1).max(100_000),
	html: z.string().max(300_000).optional(),
	kind: z.string().regex(/^[a-z][a-z0-9_]*$/).max(60),
	ref: z.string().max(200).nullish()
});

/**
 * Writes an e-mail into the outbox in the caller's transaction, so the mail exists exactly when
 * what it tells about was committed: a rolled-back protocol sends nothing. Nothing here talks to
 * SMTP; the mail runner sends it later, with retries, outside any request.
 */
export async function enqueueMail(
	trx: Kysely<Database>,
	mail: { to: string; subject: string; text: string; html?: string; kind: string; ref?: string | null }
): Promise<void> {
	const input = parse(MailInput, mail);
	await insertMail(trx, {
		to: input.to,
		subject: input.subject,
		text: input.text,
		html: input.html ?? null,
		kind: input.kind,
		ref: input.ref ?? null
	});
	announceJobQueued(MAIL_OUTBOX.kind);
}
