import type { Deps } from '$lib/server/deps';
import { ticketWatches } from '$lib/notify/watch-ticket.server';
import { ticketRated } from '$lib/stats/ticket-rated.server';
import { publicTicket } from './queue-views.server';
import { remoteArrival } from './remote-ticket.server';

/**
 * The visitor's ticket page by its unguessable public id: the public view (an unknown id is
 * `ticket_not_found`, before anything else is read), whether to ask for a rating once the service
 * is done, the "Avise-me" watches and channels, and a remote ticket's arrival code. Only the view
 * is what events carry; the rest is for the holder of the public id.
 */
export async function ticketPage(deps: Deps, publicId: string) {
	const ticket = await publicTicket(deps, publicId);
	const [rated, notify, arrival] = await Promise.all([ticketRated(deps, publicId), ticketWatches(deps, publicId), remoteArrival(deps, publicId)]);
	return { ticket, rated, notify, arrival };
}
