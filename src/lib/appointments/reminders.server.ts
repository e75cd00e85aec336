import type { Deps } from '$lib/server/deps';
import { isLang } from '$lib/i18n';
import { formatAt } from '$lib/i18n/dates';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { insertMessages, VISITOR_MESSAGES, type NewMessage } from '$lib/notify/store.server';
import { DEFAULT_REMINDER_MINUTES, dueReminder, MAX_REMINDER_MINUTES } from './reminders';
import { appointmentsWithReminders } from './store.server';

/**
 * The job: queues the phone reminders due now on the visitor-message outbox, in the language the
 * visitor booked in. Each reminder's key is the appointment, its time and the lead, so it
 * is written once however often this runs (from any number of processes), and a reschedule owes
 * new ones. Cancelled, checked-in and no-show appointments are not read here, and the sender drops
 * a queued reminder whose appointment stopped being booked meanwhile. Returns how many were new.
 */
export async function queueAppointmentReminders(deps: Deps): Promise<number> {
	const now = deps.now();
	const rows = await appointmentsWithReminders(deps.db, now, MAX_REMINDER_MINUTES);
	const messages: NewMessage[] = [];
	for (const a of rows) {
		const lead = dueReminder({ start: a.startAt, from: a.remindersFrom ?? a.startAt, leads: a.unitLeads ?? DEFAULT_REMINDER_MINUTES, now });
		if (lead === null) continue;
		const lang = isLang(a.lang) ? a.lang : 'pt-BR';
		messages.push({
			watchId: null,
			ticketId: null,
			appointmentId: a.id,
			unitId: a.unitId,
			channel: a.channel,
			dedupeKey: `${a.id}:reminder:${a.startAt.toISOString()}:${lead}`,
			message: { kind: 'reminder', lang, service: a.serviceName, unit: a.unitName, when: formatAt(lang, a.startAt, a.timezone, 'dateTimeLong'), code: a.code }
		});
	}
	const added = await insertMessages(deps.db, messages, now);
	if (added) announceJobQueued(VISITOR_MESSAGES.kind);
	return added;
}
