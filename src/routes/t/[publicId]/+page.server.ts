import { publicTicket } from '$lib/queue/queue-views.server';
import { forPage } from '$lib/server/http/page';
import { ticketRated } from '$lib/stats/ticket-rated.server';
import type { PageServerLoad } from './$types';

/** The visitor's ticket by its unguessable public id; an unknown id is a 404 page. */
export const load: PageServerLoad = (event) => {
	event.depends(`vez:ticket:${event.params.publicId}`);
	return forPage(event, async () => {
		const deps = event.locals.deps;
		const ticket = await publicTicket(deps, event.params.publicId);
		// Whether to ask for a rating once the service is done; not part of the public view events carry.
		return { ticket, rated: await ticketRated(deps, event.params.publicId) };
	});
};
