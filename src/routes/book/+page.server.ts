import { redirect } from '@sveltejs/kit';
import { bookAppointment } from '$lib/appointments/book.server';
import { bookingStep } from '$lib/appointments/booking-views.server';
import { reminderRequest } from '$lib/appointments/reminders';
import { forAction, forPage, formIdempotencyKey, readForm, withTyped } from '$lib/server/http/page';
import { str } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

/** The booking wizard: each step is a query parameter, so it works without JavaScript. */
export const load: PageServerLoad = (event) =>
	forPage(event, () => {
		const p = event.url.searchParams;
		return bookingStep(event.locals.deps, { q: p.get('q') ?? '', service: p.get('service'), unit: p.get('unit'), date: p.get('date'), start: p.get('start') });
	});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		const field = (k: string) => str(form, k);
		const typed = { cpf: field('cpf'), name: field('name'), email: field('email'), phone: field('phone'), reminder: field('reminder') };
		const result = await forAction(() =>
			bookAppointment(
				event.locals.deps,
				event.locals.actor,
				{
					unit: field('unit'),
					service: field('service'),
					start: field('start'),
					citizen: { cpf: typed.cpf, name: typed.name, email: typed.email, phone: typed.phone },
					notify: reminderRequest(typed.reminder, typed.phone)
				},
				event.url.origin,
				event.getClientAddress(),
				formIdempotencyKey(event, form),
				event.locals.lang
			)
		);
		if ('manageUrl' in result) redirect(303, `${new URL(result.manageUrl).pathname}?new=1`);
		// A refusal keeps every typed field, so one wrong digit never means typing it all again.
		return withTyped(result, typed);
	}
};
