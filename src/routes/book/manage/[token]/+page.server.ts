import QRCode from 'qrcode';
import { appointmentByToken, appointmentOfManageLink, appointmentView, cancelAppointment, rescheduleAppointment } from '$lib/appointments/book.server';
import { freeDays, slotsOfDate } from '$lib/appointments/capacity.server';
import { DEFAULT_EARLY_MINUTES } from '$lib/appointments/check-in';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import { unitBySlug } from '$lib/units/store.server';
import type { Actions, PageServerLoad } from './$types';
import { str } from '$lib/server/http/form';

/** The manage link: the appointment's status, code, QR, documents and calendar file; cancel and reschedule while booked. */
export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const deps = event.locals.deps;
		const a = await appointmentOfManageLink(deps, event.params.token, event.getClientAddress());
		const view = appointmentView(a);
		// The QR carries the booking code: the kiosk's scanner types it into the check-in field.
		const qrSvg = await QRCode.toString(a.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
		const p = event.url.searchParams;
		const unit = await unitBySlug(deps.db, a.unitSlug);
		const checkInFromMinutes = unit.settings.appointments?.earlyMinutes ?? DEFAULT_EARLY_MINUTES;
		let reschedule = null;
		if (a.status === 'booked' && p.has('reschedule')) {
			const date = p.get('date');
			reschedule = date
				? { date, slots: (await slotsOfDate(deps, a.unitSlug, a.serviceCode, date)).filter((s) => s.free > 0), days: null }
				: { date: null, slots: null, days: await freeDays(deps, unit, a.serviceId) };
		}
		return { appointment: view, qrSvg, isNew: p.has('new'), icsUrl: `/api/v1/appointments/${a.code}.ics`, reschedule, checkInFromMinutes };
	});

export const actions: Actions = {
	cancel: async (event) => {
		const a = await appointmentByToken(event.locals.deps.db, event.params.token).catch(() => null);
		return forAction(async () => {
			await cancelAppointment(event.locals.deps, a?.code ?? '', { token: event.params.token }, event.getClientAddress());
			return { done: 'cancelled' as const };
		});
	},
	reschedule: async (event) => {
		const form = await readForm(event.request);
		const a = await appointmentByToken(event.locals.deps.db, event.params.token).catch(() => null);
		return forAction(async () => {
			await rescheduleAppointment(event.locals.deps, a?.code ?? '', { token: event.params.token, start: str(form, 'start') }, event.getClientAddress());
			return { done: 'rescheduled' as const };
		});
	}
};
