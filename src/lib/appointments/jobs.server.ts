import { DateTime } from 'luxon';
import type { Deps } from '$lib/server/deps';
import { enqueueMail } from '$lib/mail/outbox.server';
import { reminderMail } from './appointment-mail';
import { DEFAULT_EARLY_MINUTES, DEFAULT_LATE_MINUTES } from './check-in';
import { localDateOf } from '$lib/units/hours';
import { invalidateSummary } from '$lib/stats/ticket-summary.server';

/**
 * Appointments nobody checked in for once the check-in window has closed become `no_show`.
 * Idempotent and safe from several processes: the UPDATE touches only booked rows.
 */
export async function markNoShows(deps: Deps): Promise<number> {
	const now = deps.now();
	const units = await deps.db.selectFrom('units').select(['id', 'slug', 'settings', 'timezone']).where('active', '=', true).execute();
	let total = 0;
	for (const unit of units) {
		const late = unit.settings.appointments?.lateMinutes ?? DEFAULT_LATE_MINUTES;
		const rows = await deps.db
			.updateTable('appointments')
			.set({ status: 'no_show', no_show_at: now })
			.where('unit_id', '=', unit.id)
			.where('status', '=', 'booked')
			.where('start_at', '<', new Date(now.getTime() - late * 60_000))
			.returning(['id', 'start_at'])
			.execute();
		if (rows.length) deps.log.info('appointments marked no-show', { unit: unit.slug, count: rows.length });
		// Days the report had summarised already (a server down for days) are read afresh.
		await invalidateSummary(deps.db, unit.id, [...new Set(rows.map((r) => localDateOf(r.start_at, unit.timezone)))], now);
		total += rows.length;
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
	const units = await deps.db.selectFrom('units').select(['id', 'name', 'address', 'timezone', 'settings']).where('active', '=', true).execute();
	let total = 0;
	for (const unit of units) {
		const tomorrow = DateTime.fromJSDate(now, { zone: unit.timezone }).plus({ days: 1 }).startOf('day');
		total += await deps.db.transaction().execute(async (trx) => {
			const due = await trx
				.updateTable('appointments')
				.set({ reminder_sent_at: now })
				.where('unit_id', '=', unit.id)
				.where('status', '=', 'booked')
				.where('reminder_sent_at', 'is', null)
				.where('citizen_email', 'is not', null)
				.where('start_at', '>=', tomorrow.toJSDate())
				.where('start_at', '<', tomorrow.plus({ days: 1 }).toJSDate())
				.returning(['code', 'service_id', 'start_at', 'citizen_name', 'citizen_email'])
				.execute();
			for (const a of due) {
				const service = await trx.selectFrom('services').select(['name', 'documents']).where('id', '=', a.service_id).executeTakeFirstOrThrow();
				const mail = reminderMail({
					code: a.code,
					// A booked appointment always has its citizen (appointments_booked_has_citizen).
					citizenName: a.citizen_name ?? '',
					serviceName: service.name,
					unitName: unit.name,
					unitAddress: unit.address,
					start: a.start_at,
					timezone: unit.timezone,
					documents: service.documents,
					manageUrl: null,
					checkInFromMinutes: unit.settings.appointments?.earlyMinutes ?? DEFAULT_EARLY_MINUTES
				});
				await enqueueMail(trx, { to: a.citizen_email!, subject: mail.subject, text: mail.text, kind: 'appointment_reminder', ref: a.code });
			}
			return due.length;
		});
	}
	return total;
}
