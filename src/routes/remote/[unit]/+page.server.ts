import { redirect } from '@sveltejs/kit';
import { remoteServices, takeRemoteTicket } from '$lib/queue/remote-ticket.server';
import { forAction, forPage, formIdempotencyKey, readForm, withTyped } from '$lib/server/http/page';
import { str } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

/** A unit's public page for taking a ticket before arriving: the services that allow it, each with its wait now. */
export const load: PageServerLoad = (event) => forPage(event, () => remoteServices(event.locals.deps, event.params.unit));

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		const typed = { service: str(form, 'service'), phone: str(form, 'phone'), email: str(form, 'email'), notify: str(form, 'notify') };
		const notify = typed.notify === 'whatsapp' || typed.notify === 'sms' ? { channel: typed.notify } : undefined;
		const result = await forAction(() =>
			takeRemoteTicket(
				event.locals.deps,
				event.params.unit,
				{ service: typed.service, channel: 'remote', phone: typed.phone, email: typed.email, notify },
				{ origin: event.url.origin, address: event.getClientAddress(), lang: event.locals.lang },
				formIdempotencyKey(event, form)
			)
		);
		if ('publicId' in result) redirect(303, `/t/${result.publicId}`);
		return withTyped(result, typed);
	}
};
