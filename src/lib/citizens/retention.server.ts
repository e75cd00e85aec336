import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit, changes } from '$lib/audit/audit.server';
import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { deleteMailsOf } from '$lib/mail/store.server';
import { anonymiseClosedProtocolsBefore } from '$lib/requests/store.server';
import { anonymiseInactiveAppointmentsBefore } from '$lib/appointments/store.server';
import { saveSetting, settingValue } from '$lib/server/settings.server';

/*
 * Data retention (LGPD, Lei 13.709/2018 art. 15–16: personal data is kept only as long as its
 * purpose needs): after N months a closed protocol keeps its service, dates, history and figures
 * but loses the citizen's CPF, name, e-mail and phone, and the outbox its e-mails to them; so
 * does an appointment that is no longer active (checked in, cancelled, no-show) once its time is
 * that old. Tickets carry no citizen identity.
 */

const KEY = 'retention';

export const RetentionInput = z.object({
	/** null: keep citizen data until an admin sets a period. */
	anonymiseAfterMonths: z.number().int().min(1).max(240).nullable()
});
export type Retention = z.infer<typeof RetentionInput>;

/** The outbox kinds written to a protocol's citizen (ref: the protocol number). */
export const PROTOCOL_MAIL_KINDS = ['protocol_opened', 'protocol_status', 'protocol_receipt'];
/** The outbox kinds written to an appointment's citizen (ref: the booking code). */
export const APPOINTMENT_MAIL_KINDS = ['appointment_confirmation', 'appointment_reminder'];

/** The city's retention period in months, or null while none is set: other domains' retention jobs follow it too. */
export async function retentionMonths(db: Db): Promise<number | null> {
	return (await readRetention(db)).anonymiseAfterMonths;
}

async function readRetention(db: Db): Promise<Retention> {
	const parsed = RetentionInput.safeParse(await settingValue(db, KEY));
	return parsed.success ? parsed.data : { anonymiseAfterMonths: null };
}

export async function retentionForAdmin(deps: Deps, actor: Actor): Promise<Retention> {
	authorize(actor, 'admin');
	return readRetention(deps.db);
}

export async function setRetention(deps: Deps, actor: Actor, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(RetentionInput, raw);
	await deps.db.transaction().execute(async (trx) => {
		const before = await readRetention(trx);
		await saveSetting(trx, KEY, input, deps.now());
		await audit(trx, actor, 'retention.update', 'setting', KEY, changes(before, input));
	});
}

/**
 * The job: blanks the citizen data of closed protocols last changed before the period and of
 * inactive appointments whose time is before it. Idempotent UPDATEs guarded by
 * `anonymised_at IS NULL`, so two processes running it at once simply split (or repeat nothing
 * of) the work. Returns how many of each it anonymised.
 */
export async function anonymiseOldCitizenData(deps: Deps): Promise<{ protocols: number; appointments: number }> {
	const { anonymiseAfterMonths } = await readRetention(deps.db);
	if (anonymiseAfterMonths === null) return { protocols: 0, appointments: 0 };
	const now = deps.now();
	const cutoff = DateTime.fromJSDate(now, { zone: 'utc' }).minus({ months: anonymiseAfterMonths }).toJSDate();
	return deps.db.transaction().execute(async (trx) => {
		const protocols = await anonymiseClosedProtocolsBefore(trx, cutoff, now);
		// The e-mails to an anonymised citizen carry the same address and name: they go too.
		if (protocols.length) {
			const mails = await deleteMailsOf(trx, protocols, PROTOCOL_MAIL_KINDS);
			await audit(trx, 'system:retention', 'retention.anonymise', 'protocol', 'batch', { count: protocols.length, mails, before: cutoff.toISOString() });
		}
		const appointments = await anonymiseInactiveAppointmentsBefore(trx, cutoff, now);
		if (appointments.length) {
			const mails = await deleteMailsOf(trx, appointments, APPOINTMENT_MAIL_KINDS);
			await audit(trx, 'system:retention', 'retention.anonymise', 'appointment', 'batch', { count: appointments.length, mails, before: cutoff.toISOString() });
		}
		return { protocols: protocols.length, appointments: appointments.length };
	});
}
