// npx tsx bench/jobs.ts — what one /metrics scrape pays for the job gauges once the job tables
// hold years of done rows: BENCH_DONE printed print jobs (default 500,000; one in 5,000 failed,
// one in 20,000 still queued) on a throwaway PostgreSQL database, the backlog counted by
// jobBacklog (two counts over the due and dead-letter partial indexes, migration 0030) and, for
// comparison, by the one-pass FILTER count it replaced. BENCH_DATABASE_URL as for bench:queue.
// Prints figures; asserts nothing.
import { sql } from 'kysely';
import { migrate, openPostgres } from '../src/lib/server/db/database';
import { jobBacklog } from '../src/lib/jobs/store.server';
import { PRINT_JOBS } from '../src/lib/printing/store.server';
import { throwawayDatabase } from '../tests/server-process';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DONE = Number(process.env.BENCH_DONE ?? 500_000);
const RUNS = 50;
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

const database = await throwawayDatabase(ADMIN_URL, 'vez_bench_jobs');
const handle = openPostgres(database.url, 2);
try {
	await migrate(handle.db);
	const db = handle.db;
	const unit = await db.insertInto('units').values({ slug: 'bench', name: 'Bench', opening_hours: '{}', settings: '{}' }).returning('id').executeTakeFirstOrThrow();
	const started = performance.now();
	await sql`
		INSERT INTO print_jobs (unit_id, kind, payload, status, requested_by, attempts, printed_at)
		SELECT ${unit.id}, 'ticket', '{"number":"A001","service":"Emissão de 2ª via do IPTU"}'::jsonb,
			CASE WHEN g % 5000 = 0 THEN 'failed' WHEN g % 20000 = 1 THEN 'queued' ELSE 'printed' END, 'token:bench', 1,
			CASE WHEN g % 5000 = 0 OR g % 20000 = 1 THEN NULL ELSE now() END
		FROM generate_series(1, ${DONE}) g`.execute(db);
	await sql`VACUUM ANALYZE print_jobs`.execute(db);
	console.log(`${DONE.toLocaleString('en')} print jobs written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

	const onePass = () =>
		sql`SELECT count(*) FILTER (WHERE status IN ('queued', 'printing'))::int AS pending, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM print_jobs`.execute(db);
	for (const [name, count] of [
		['jobBacklog (partial indexes)', () => jobBacklog(db, PRINT_JOBS)],
		['one-pass FILTER count (before)', onePass]
	] as const) {
		await count();
		const ms: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const t = performance.now();
			await count();
			ms.push(performance.now() - t);
		}
		ms.sort((a, b) => a - b);
		console.log(`${name}: p50 ${pct(ms, 50).toFixed(2)} ms, p99 ${pct(ms, 99).toFixed(2)} ms over ${RUNS} scrapes`);
	}
	console.log('backlog', await jobBacklog(db, PRINT_JOBS));
} finally {
	await handle.close();
	await database.drop();
}
