import type { RequestHandler } from './$types';
import { appointmentIcsFile } from '$lib/appointments/book.server';
import { api } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals, params, url, getClientAddress }) => {
	const file = await appointmentIcsFile(locals.deps, params.code, url.origin, getClientAddress());
	return new Response(file.body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'no-store'
		}
	});
});
