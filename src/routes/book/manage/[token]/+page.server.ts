import QRCode from 'qrcode';
import { cancelByManageLink, rescheduleByManageLink } from '$lib/appointments/book.server';
import { manageLinkView } from '$lib/appointments/booking-views.server';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { str } from '$lib/server/http/form';

/** The manage link: the appointment's status, code, QR, documents and calendar file; cancel and reschedule while booked. */
export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const p = event.url.searchParams;
		const { code, ...view } = await manageLinkView(event.locals.deps, event.params.token, event.getClientAddress(), { reschedule: p.has('reschedule'), date: p.get('date') });
		// The QR carries the booking code: the kiosk's scanner types it into the check-in field.
		const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
		return { ...view, qrSvg, isNew: p.has('new') };
	});

export const actions: Actions = {
	cancel: (event) =>
		forAction(async () => {
			await cancelByManageLink(event.locals.deps, event.params.token, event.getClientAddress());
			return { done: 'cancelled' as const };
		}),
	reschedule: async (event) => {
		const form = await readForm(event.request);
		return forAction(async () => {
			await rescheduleByManageLink(event.locals.deps, event.params.token, str(form, 'start'), event.getClientAddress());
			return { done: 'rescheduled' as const };
		});
	}
};
