import { forPage } from '$lib/server/http/page';
import { annualReport } from '$lib/stats/reports.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		annual: await annualReport(event.locals.deps, event.locals.actor, { year: event.url.searchParams.get('year') ?? undefined }),
		generatedAt: event.locals.deps.now().toISOString()
	}));
