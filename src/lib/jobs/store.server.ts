import { sql, type RawBuilder } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { metrics } from '$lib/server/metrics';
import { afterFailure, type AfterFailure, type JobTableSpec, type RetryPolicy } from './retry';

/** What every job row has, whatever its table. */
export interface JobRow {
	id: string;
	seq: number;
	status: string;
	attempts: number;
	next_attempt_at: Date;
	last_error: string | null;
	created_at: Date;
}

/** Extra columns a kind records with an outcome (a webhook's last HTTP status, say). */
export type JobColumns = Readonly<Record<string, string | number | boolean | Date | null>>;

export type JobOutcome =
	| { status: 'done'; at: Date; set?: JobColumns }
	| { status: 'queued'; nextAttemptAt: Date; error: string; set?: JobColumns }
	| { status: 'failed'; error: string; set?: JobColumns }
	/** Not attempted in this claim: the attempt is given back. */
	| { status: 'released'; nextAttemptAt: Date };

const assignments = (set: JobColumns | undefined): RawBuilder<unknown>[] =>
	Object.entries(set ?? {}).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);

/**
 * Claims up to `limit` due jobs for one runner until `leaseUntil`, oldest first. On PostgreSQL
 * SKIP LOCKED lets concurrent runners (other processes) each take different rows instead of
 * waiting on, then running again, the same ones; on PGlite the one connection runs the statement
 * alone. Claimed rows whose lease ran out (their runner died) are due again; each claim counts
 * an attempt, which is the fence {@link finishJob} checks.
 */
export async function claimJobs<Row extends JobRow>(
	db: Db,
	spec: JobTableSpec,
	now: Date,
	leaseUntil: Date,
	limit: number,
	only: RawBuilder<boolean> = sql<boolean>`true`
): Promise<Row[]> {
	const t = sql.table(spec.table);
	const { rows } = await sql<Row>`
		UPDATE ${t} SET status = ${spec.status.claimed}, attempts = attempts + 1, next_attempt_at = ${leaseUntil}
		WHERE id IN (
			SELECT id FROM ${t}
			WHERE status IN (${spec.status.waiting}, ${spec.status.claimed}) AND next_attempt_at <= ${now} AND ${only}
			ORDER BY seq LIMIT ${limit}
			FOR UPDATE SKIP LOCKED
		)
		RETURNING *`.execute(db);
	return [...rows].sort((a, b) => a.seq - b.seq);
}

/**
 * Records what happened to a claimed job. The claim's attempt count fences it: if the lease ran
 * out and another runner claimed the job meanwhile, this stale result changes nothing (false).
 * A job done is timed from its creation into the latency histogram of its kind.
 */
export async function finishJob(db: Db, spec: JobTableSpec, job: { id: string; attempts: number }, outcome: JobOutcome): Promise<boolean> {
	const s = spec.status;
	const set: RawBuilder<unknown>[] =
		outcome.status === 'done'
			? [sql`status = ${s.done}`, sql`${sql.ref(spec.doneAt)} = ${outcome.at}`, sql`last_error = NULL`, ...assignments(outcome.set)]
			: outcome.status === 'queued'
				? [sql`status = ${s.waiting}`, sql`next_attempt_at = ${outcome.nextAttemptAt}`, sql`last_error = ${outcome.error}`, ...assignments(outcome.set)]
				: outcome.status === 'failed'
					? [sql`status = ${s.dead}`, sql`last_error = ${outcome.error}`, ...assignments(outcome.set)]
					: [sql`status = ${s.waiting}`, sql`attempts = attempts - 1`, sql`next_attempt_at = ${outcome.nextAttemptAt}`];
	const { rows } = await sql<{ created_at: Date }>`
		UPDATE ${sql.table(spec.table)} SET ${sql.join(set)}
		WHERE id = ${job.id} AND status = ${s.claimed} AND attempts = ${job.attempts}
		RETURNING created_at`.execute(db);
	if (rows.length !== 1) return false;
	if (outcome.status !== 'released') metrics().jobAttempts.inc({ kind: spec.kind, outcome: outcome.status });
	if (outcome.status === 'done') metrics().jobLatency.observe({ kind: spec.kind }, Math.max(0, outcome.at.getTime() - rows[0].created_at.getTime()) / 1000);
	return true;
}

export interface FailedAttempt {
	error: string;
	now: Date;
	/** The relay or endpoint refused this job for good: straight to the dead letter. */
	permanent?: boolean;
	set?: JobColumns;
	/** In [0, 1), spreads the delay by the policy's jitter; tests pass one to pin it. */
	random?: number;
}

/**
 * Records a failed attempt of a claimed job: another try after the kind's back-off, or the dead
 * letter once its attempts ran out or the failure is permanent. Every kind's runner ends a failed
 * attempt here, so the schedule, the jitter and the fence are decided in one place. `recorded` is
 * false when the claim was stale (see {@link finishJob}).
 */
export async function failAttempt(
	db: Db,
	spec: JobTableSpec,
	policy: RetryPolicy,
	job: { id: string; attempts: number },
	{ error, now, permanent = false, set, random = Math.random() }: FailedAttempt
): Promise<{ next: AfterFailure; recorded: boolean }> {
	const next = afterFailure(policy, job.attempts, now, random, permanent);
	const outcome: JobOutcome = next.status === 'failed' ? { status: 'failed', error, set } : { status: 'queued', nextAttemptAt: next.nextAttemptAt, error, set };
	return { next, recorded: await finishJob(db, spec, job, outcome) };
}

/**
 * Puts a job back in the queue, due now, with a fresh set of attempts: the administrator's "try
 * again" once the printer, relay or endpoint is fixed. Only dead jobs move — or, with `anyIdle`,
 * also done and waiting ones (a webhook redelivered on request) — never one a runner holds.
 */
export async function retryJob(db: Db, spec: JobTableSpec, id: string, now: Date, { anyIdle = false } = {}): Promise<boolean> {
	const s = spec.status;
	const from = anyIdle ? [s.dead, s.done, s.waiting] : [s.dead];
	const { rows } = await sql<{ id: string }>`
		UPDATE ${sql.table(spec.table)} SET status = ${s.waiting}, attempts = 0, next_attempt_at = ${now}
		WHERE id = ${id} AND status IN (${sql.join(from)})
		RETURNING id`.execute(db);
	return rows.length === 1;
}

/**
 * Waiting (due or not, claimed included) and dead jobs of one table, for /metrics. Two counts,
 * each over its partial index (the due index, and the dead letter's of migration 0030), so a
 * scrape reads the backlog, never the years of done jobs beside it.
 */
export async function jobBacklog(db: Db, spec: JobTableSpec): Promise<{ pending: number; failed: number }> {
	const s = spec.status;
	const t = sql.table(spec.table);
	const { rows } = await sql<{ pending: number; failed: number }>`
		SELECT (SELECT count(*) FROM ${t} WHERE status IN (${s.waiting}, ${s.claimed}))::int AS pending,
		       (SELECT count(*) FROM ${t} WHERE status = ${s.dead})::int AS failed`.execute(db);
	return { pending: Number(rows[0]?.pending ?? 0), failed: Number(rows[0]?.failed ?? 0) };
}
