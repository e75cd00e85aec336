import { DateTime } from 'luxon';
import type { Deps } from '$lib/server/deps';
import { enqueueMail } from '$lib/mail/outbox.server';
import { reminderMail } from './appointment-mail';
import { DEFAULT_EARLY_MINUTES, DEFAULT_LATE_MINUTES } from './check-in';
import { localDateOf } from '$lib/units/hours';
import { activeUnits } from '$lib/units/store.server';
import { serviceNameAndDocuments } from '$lib/catalogue/store.server';
import { claimReminders, markNoShowsBefore } from './store.server';
import { invalidateSummary } from '$lib/stats/summary-store.server';

/**
 * Appointments nobody checked in for once the check-in window has closed become `no_show`.
 * Idempotent and safe from several processes: the UPDATE touches only booked rows.
 */
export async function markNoShows(deps: Deps): Promise<number> {
	const now = deps.now();
	let total = 0;
	for (const unit of await activeUnits(deps.db)) {
		const late = unit.settings.appointments?.lateMinutes ?? DEFAULT_LATE_MINUTES;
		const starts = await markNoShowsBefore(deps.db, unit.id, new Date(now.getTime() - late * 60_000), now);
		if (starts.length) deps.log.info('appointments marked no-show', { unit: unit.slug, count: starts.length });
		// Days the report had summarised already (a server down for days) are read afresh.
		await invalidateSummary(deps.db, unit.id, [...new Set(starts.map((s) => localDateOf(s, unit.timezone)))], now);
		total += starts.length;
	}
	return total;
}

/**
 * The reminder e-mail on the day before (in the unit's zone). Each appointment is claimed by
 * setting `reminder_sent_at` in the same transaction that queues the mail, so two processes
 * running this at once send one reminder.
 */
export async function sendReminders(deps: Deps): Promise<number> {
	const now = deps.now();
	let total = 0;
	for (const unit of await activeUnits(deps.db)) {
		const tomorrow = DateTime.fromJSDate(now, { zone: unit.timezone }).plus({ days: 1 }).startOf('day');
		total += await deps.db.transaction().execute(async (trx) => {
			const due = await claimReminders(trx, unit.id, tomorrow.toJSDate(), tomorrow.plus({ days: 1 }).toJSDate(), now);
			for (const a of due) {
				const service = await serviceNameAndDocuments(trx, a.serviceId);
				const mail = reminderMail({
					code: a.code,
					citizenName: a.citizenName,
					serviceName: service.name,
					unitName: unit.name,
					unitAddress: unit.address,
					start: a.startAt,
					timezone: unit.timezone,
					documents: service.documents,
					manageUrl: null,
					checkInFromMinutes: unit.settings.appointments?.earlyMinutes ?? DEFAULT_EARLY_MINUTES
				});
				await enqueueMail(trx, { to: a.citizenEmail, subject: mail.subject, text: mail.text, kind: 'appointment_reminder', ref: a.code });
			}
			return due.length;
		});
	}
	return total;
}
