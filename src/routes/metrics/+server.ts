import type { RequestHandler } from './$types';
import { refreshJobGauges } from '$lib/jobs/metrics.server';
import { metrics } from '$lib/server/metrics';

export const GET: RequestHandler = async ({ locals }) => {
	const { registry } = metrics();
	try {
		await refreshJobGauges(locals.deps.db);
	} catch (e) {
		// The process's own figures are still worth a scrape while the database is away.
		locals.deps.log.warn('job gauges not refreshed', { error: e instanceof Error ? e.message : String(e) });
	}
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
};
