import { publicTicket } from '$lib/queue/queue-views.server';
import { forPage } from '$lib/server/http/page';
import { ticketRated } from '$lib/stats/ticket-rated.server';
import { ticketWatches } from '$lib/notify/watch-ticket.server';
import { remoteArrival } from '$lib/queue/remote-ticket.server';
import type { PageServerLoad } from './$types';

/** The visitor's ticket by its unguessable public id; an unknown id is a 404 page. */
export const load: PageServerLoad = (event) => {
	event.depends(`vez:ticket:${event.params.publicId}`);
	return forPage(event, async () => {
		const deps = event.locals.deps;
		const ticket = await publicTicket(deps, event.params.publicId);
		// Whether to ask for a rating once the service is done; not part of the public view events carry.
		const [rated, notify, arrival] = await Promise.all([
			ticketRated(deps, event.params.publicId),
			ticketWatches(deps, event.params.publicId),
			remoteArrival(deps, event.params.publicId)
		]);
		return { ticket, rated, notify, arrival };
	});
};
