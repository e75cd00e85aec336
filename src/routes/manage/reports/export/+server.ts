import type { RequestHandler } from './$types';
import { api } from '$lib/server/http/api';
import { exportReport } from '$lib/stats/report-export.server';
import { reportQueryFromSearch } from '$lib/stats/report-query';

export const GET: RequestHandler = api(async ({ locals, url }) => {
	const file = await exportReport(locals.deps, locals.actor, locals.lang, url.searchParams.get('table') ?? '', reportQueryFromSearch(url.searchParams));
	// A BOM so spreadsheet programs read the accents as UTF-8.
	return new Response(`\ufeff${file.body}`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'no-store'
		}
	});
});
