import { listOutbox } from '$lib/server/mail/list-outbox.server';
import { forPage } from '$lib/server/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, () => listOutbox(event.locals.deps, event.locals.actor, { limit: event.url.searchParams.get('limit') ?? undefined }));
