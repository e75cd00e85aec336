import { forPage } from '$lib/server/http/page';
import { reportOptions, statsReport } from '$lib/stats/reports.server';
import { reportQueryFromSearch } from '$lib/stats/report-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const { deps, actor } = event.locals;
		const report = await statsReport(deps, actor, reportQueryFromSearch(event.url.searchParams));
		return { report, options: await reportOptions(deps, actor) };
	});
