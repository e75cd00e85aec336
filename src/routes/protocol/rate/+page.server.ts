import { VezError } from '$lib/errors';
import { forPage } from '$lib/server/http/page';
import { ratableProtocol } from '$lib/stats/rate-protocol.server';
import type { PageServerLoad } from './$types';

/** The rating link of a protocol's e-mails: number and access code; anything else is a 404 page. */
export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const number = event.url.searchParams.get('numero') ?? '';
		const code = event.url.searchParams.get('codigo') ?? '';
		if (!number || !code) throw new VezError('protocol_not_found', 'No protocol for this rating link.');
		return { protocol: await ratableProtocol(event.locals.deps, number, code, event.getClientAddress()), code };
	});
