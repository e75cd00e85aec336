import { printableTicket } from '$lib/queue/printable-ticket.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		ticket: await printableTicket(event.locals.deps, event.params.publicId, event.url.origin),
		autoprint: event.url.searchParams.get('autoprint') === '1'
	}));
