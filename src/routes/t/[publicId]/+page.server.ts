import { ticketPage } from '$lib/queue/ticket-page.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

/** The visitor's ticket by its unguessable public id; an unknown id is a 404 page. */
export const load: PageServerLoad = (event) => {
	event.depends(`vez:ticket:${event.params.publicId}`);
	return forPage(event, () => ticketPage(event.locals.deps, event.params.publicId));
};
