// The one durable job module, through a real job table (the mail outbox), on both engines.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { claimJobs, failAttempt, finishJob, jobBacklog, retryJob, type JobRow } from '../../../src/lib/jobs/store.server';
import { refreshJobGauges } from '../../../src/lib/jobs/metrics.server';
import { drainPasses, startJobRunner } from '../../../src/lib/jobs/runner.server';
import { announceJobQueued } from '../../../src/lib/jobs/wake.server';
import type { RetryPolicy } from '../../../src/lib/jobs/retry';
import { MAIL_OUTBOX } from '../../../src/lib/mail/store.server';
import { metrics } from '../../../src/lib/server/metrics';

const POLICY: RetryPolicy = { delaysSeconds: [5, 300], jitter: 0.2 };
const LEASE_MS = 60_000;

for (const engine of engines()) {
	describe(`durable jobs on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		beforeAll(async () => {
			handle = await engine.open();
		});
		afterAll(() => handle.close());
		afterEach(() => handle.db.deleteFrom('mail_outbox').execute());

		async function queue(n: number, prefix = 'job'): Promise<void> {
			await handle.db
				.insertInto('mail_outbox')
				.values(Array.from({ length: n }, (_, i) => ({ to_address: `${prefix}${i}@example.com`, subject: `n${i}`, text_body: 'x', kind: 'test' })))
				.execute();
		}
		const soon = () => new Date(Date.now() + 1000);
		const row = (id: string) => handle.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

		it('claims the oldest due jobs with a lease, and a stale runner cannot record over a newer claim', async () => {
			await queue(3);
			const now = soon();
			const first = await claimJobs<JobRow>(handle.db, MAIL_OUTBOX, now, new Date(now.getTime() + LEASE_MS), 2);
			expect(first.map((j) => j.status)).toEqual(['sending', 'sending']);
			expect(first[0].seq).toBeLessThan(first[1].seq);
			// Within the lease nobody else gets them; only the third is left.
			expect(await claimJobs(handle.db, MAIL_OUTBOX, now, new Date(now.getTime() + LEASE_MS), 10)).toHaveLength(1);
			// The lease runs out (the runner died): the job is claimed again, attempt 2.
			const later = new Date(now.getTime() + LEASE_MS + 1);
			const [again] = await claimJobs<JobRow>(handle.db, MAIL_OUTBOX, later, new Date(later.getTime() + LEASE_MS), 1);
			expect(again.id).toBe(first[0].id);
			expect(again.attempts).toBe(2);
			expect(await finishJob(handle.db, MAIL_OUTBOX, first[0], { status: 'done', at: later })).toBe(false);
			expect(await finishJob(handle.db, MAIL_OUTBOX, again, { status: 'done', at: later })).toBe(true);
			expect((await row(again.id)).status).toBe('sent');
		});

		it('backs off with jitter, dead-letters after the last attempt, and a retry by hand brings the job back', async () => {
			await queue(1);
			let now = soon();
			const waits: number[] = [];
			for (;;) {
				const [job] = await claimJobs<JobRow>(handle.db, MAIL_OUTBOX, now, new Date(now.getTime() + LEASE_MS), 1);
				expect(job).toBeDefined();
				const { next, recorded } = await failAttempt(handle.db, MAIL_OUTBOX, POLICY, job, { error: 'refused', now });
				expect(recorded).toBe(true);
				if (next.status === 'failed') break;
				expect(await jobBacklog(handle.db, MAIL_OUTBOX)).toEqual({ pending: 1, failed: 0 });
				waits.push((next.nextAttemptAt.getTime() - now.getTime()) / 1000);
				// Not due a moment before its time.
				expect(await claimJobs(handle.db, MAIL_OUTBOX, new Date(next.nextAttemptAt.getTime() - 1), next.nextAttemptAt, 1)).toHaveLength(0);
				now = next.nextAttemptAt;
			}
			expect(waits).toHaveLength(2);
			expect(waits[0]).toBeGreaterThanOrEqual(4);
			expect(waits[0]).toBeLessThanOrEqual(6);
			expect(waits[1]).toBeGreaterThanOrEqual(240);
			expect(waits[1]).toBeLessThanOrEqual(360);
			const [dead] = await handle.db.selectFrom('mail_outbox').selectAll().execute();
			expect(dead).toMatchObject({ status: 'failed', attempts: 3, last_error: 'refused' });
			expect(await claimJobs(handle.db, MAIL_OUTBOX, new Date(now.getTime() + 86_400_000), now, 1)).toHaveLength(0);

			expect(await jobBacklog(handle.db, MAIL_OUTBOX)).toEqual({ pending: 0, failed: 1 });
			await refreshJobGauges(handle.db);
			expect((await metrics().jobsFailed.get()).values.find((v) => v.labels.kind === 'mail')?.value).toBe(1);

			expect(await retryJob(handle.db, MAIL_OUTBOX, dead.id, now)).toBe(true);
			expect(await retryJob(handle.db, MAIL_OUTBOX, dead.id, now)).toBe(false);
			const [back] = await claimJobs<JobRow>(handle.db, MAIL_OUTBOX, now, new Date(now.getTime() + LEASE_MS), 1);
			expect(back).toMatchObject({ id: dead.id, attempts: 1 });
		});

		it('sends a permanent failure straight to the dead letter, and a stale claim records nothing', async () => {
			await queue(2);
			const now = soon();
			const [refused, stale] = await claimJobs<JobRow>(handle.db, MAIL_OUTBOX, now, new Date(now.getTime() + LEASE_MS), 2);
			expect(await failAttempt(handle.db, MAIL_OUTBOX, POLICY, refused, { error: '550 no such user', now, permanent: true })).toEqual({ next: { status: 'failed' }, recorded: true });
			expect(await row(refused.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 no such user' });
			const later = new Date(now.getTime() + LEASE_MS + 1);
			await claimJobs(handle.db, MAIL_OUTBOX, later, new Date(later.getTime() + LEASE_MS), 1);
			expect((await failAttempt(handle.db, MAIL_OUTBOX, POLICY, stale, { error: 'late', now: later })).recorded).toBe(false);
			expect(await row(stale.id)).toMatchObject({ status: 'sending', attempts: 2, last_error: null });
		});

		it('times a job from queued to done into the latency histogram of its kind', async () => {
			await queue(1);
			const before = (await metrics().jobLatency.get()).values.find((v) => v.metricName === 'vez_job_latency_seconds_count' && v.labels.kind === 'mail')?.value ?? 0;
			const now = soon();
			const [job] = await claimJobs<JobRow>(handle.db, MAIL_OUTBOX, now, new Date(now.getTime() + LEASE_MS), 1);
			await finishJob(handle.db, MAIL_OUTBOX, job, { status: 'done', at: now });
			const after = (await metrics().jobLatency.get()).values.find((v) => v.metricName === 'vez_job_latency_seconds_count' && v.labels.kind === 'mail')?.value;
			expect(after).toBe(before + 1);
		});

		it('two runners draining at once run each of 60 jobs exactly once', async () => {
			await queue(60, 'race');
			const ran = new Map<string, number>();
			const runner = () =>
				drainPasses(
					async () => {
						const now = soon();
						const jobs = await claimJobs<JobRow>(handle.db, MAIL_OUTBOX, now, new Date(now.getTime() + LEASE_MS), 7);
						for (const job of jobs) {
							ran.set(job.id, (ran.get(job.id) ?? 0) + 1);
							// A little real I/O per job, so the two runners interleave.
							await handle.db.selectFrom('mail_outbox').select('id').where('id', '=', job.id).execute();
							await finishJob(handle.db, MAIL_OUTBOX, job, { status: 'done', at: now });
						}
						return { claimed: jobs.length };
					},
					(r) => r.claimed > 0
				);
			const [a, b] = await Promise.all([runner(), runner()]);
			expect(a.claimed + b.claimed).toBe(60);
			expect(ran.size).toBe(60);
			expect([...ran.values()].every((n) => n === 1)).toBe(true);
			if (engine.name === 'postgres') expect(a.claimed > 0 && b.claimed > 0).toBe(true);
			const left = await handle.db.selectFrom('mail_outbox').select('status').where('status', '!=', 'sent').execute();
			expect(left).toEqual([]);
		});

		it('a runner wakes on a nudge of its kind, runs one drain at a time, and its stop waits for the drain', async () => {
			const { deps } = testDeps(handle);
			let drains = 0;
			let concurrent = 0;
			let most = 0;
			let release!: () => void;
			const gate = new Promise<void>((r) => (release = r));
			const stop = startJobRunner({
				kind: 'test-kind',
				intervalMs: 60_000,
				log: deps.log,
				drain: async () => {
					drains += 1;
					most = Math.max(most, ++concurrent);
					if (drains === 2) await gate;
					concurrent -= 1;
					return 1;
				}
			});
			await new Promise((r) => setTimeout(r, 20));
			expect(drains).toBe(1); // the start-up drain
			announceJobQueued('other-kind');
			await new Promise((r) => setTimeout(r, 20));
			expect(drains).toBe(1);
			announceJobQueued('test-kind');
			await new Promise((r) => setTimeout(r, 20));
			expect(drains).toBe(2);
			announceJobQueued('test-kind'); // during the drain: one more round after it, not a second drain
			let stopped = false;
			const stopping = stop().then(() => (stopped = true));
			await new Promise((r) => setTimeout(r, 20));
			expect(stopped).toBe(false);
			release();
			await stopping;
			expect(most).toBe(1);
		});
	});
}
