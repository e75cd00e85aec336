import type { Db } from '$lib/server/db/database';
import { metrics } from '$lib/server/metrics';
import type { JobTableSpec } from './retry';
import { jobBacklog } from './store.server';

const tables = new Map<string, JobTableSpec>();

/** Makes a kind's table show in the pending and failed gauges; each kind registers once at load. */
export function registerJobTable(spec: JobTableSpec): JobTableSpec {
	tables.set(spec.kind, spec);
	return spec;
}

/**
 * Sets the pending and failed gauges from the tables themselves, at scrape time: the numbers hold
 * for every process sharing the database, not only for jobs this one queued.
 */
export async function refreshJobGauges(db: Db): Promise<void> {
	const m = metrics();
	await Promise.all(
		[...tables.values()].map(async (spec) => {
			const { pending, failed } = await jobBacklog(db, spec);
			m.jobsPending.set({ kind: spec.kind }, pending);
			m.jobsFailed.set({ kind: spec.kind }, failed);
		})
	);
}
