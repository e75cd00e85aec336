import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import type { DomainEvent } from '$lib/events/types';
import { failAttempt, finishJob, type JobColumns } from '$lib/jobs/store.server';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { OutboundRefused, postGuarded } from '$lib/net/outbound.server';
import { newDeliveryId, signatureHeader } from './signature.server';
import { activeEndpoints, claimDeliveries, endpointById, insertDeliveries, setEndpointStatus, WEBHOOK_DELIVERIES, type Delivery } from './store.server';
import { deliveryBody, DELIVERY_TIMEOUT_MS, endpointWants, judgeAnswer, RESPONSE_EXCERPT_BYTES, WEBHOOK_RETRY } from './webhook';
import { signingSecrets } from './webhooks.server';

/**
 * The event stream's webhook consumer: one delivery per event and active endpoint that wants it,
 * written in the dispatcher's transaction. The body is fixed here, so every attempt and every
 * redelivery sends (and signs) the same bytes under the same webhook-id.
 */
export async function queueWebhookDeliveries(trx: Db, events: readonly DomainEvent[], now: Date): Promise<void> {
	const endpoints = await activeEndpoints(trx);
	if (endpoints.length === 0) return;
	const rows = events.flatMap((event) =>
		endpoints
			.filter((e) => endpointWants(e, event))
			.map((e) => ({ id: newDeliveryId(), endpointId: e.id, eventId: event.id, type: event.type, body: deliveryBody(event.type, event.at, event.data), at: now }))
	);
	await insertDeliveries(trx, rows);
	if (rows.length) announceJobQueued(WEBHOOK_DELIVERIES.kind);
}

/** Longer than a batch can take (every attempt is cut at DELIVERY_TIMEOUT_MS and they run side by side). */
const LEASE_MS = DELIVERY_TIMEOUT_MS * 3 + 30_000;
const BATCH = 20;

export interface DeliveryReport {
	claimed: number;
	delivered: number;
	retried: number;
	failed: number;
}

type Attempt = { ok: true; status: number; excerpt: string } | { ok: false; refused: boolean; error: string };

async function attempt(deps: Deps, d: Delivery, url: string, secrets: string[]): Promise<Attempt> {
	const timestamp = Math.floor(deps.now().getTime() / 1000);
	try {
		const answer = await postGuarded(url, {
			body: d.body,
			headers: {
				'content-type': 'application/json',
				'user-agent': 'Vez-Webhooks/1.0',
				'webhook-id': d.id,
				'webhook-timestamp': String(timestamp),
				'webhook-signature': signatureHeader(secrets, d.id, timestamp, d.body)
			},
			timeoutMs: DELIVERY_TIMEOUT_MS,
			allowPrivate: deps.config.webhooksAllowPrivate,
			excerptBytes: RESPONSE_EXCERPT_BYTES
		});
		return { ok: true, ...answer };
	} catch (e) {
		if (e instanceof OutboundRefused) return { ok: false, refused: e.reason === 'address_refused' || e.reason === 'invalid_url', error: e.message };
		return { ok: false, refused: false, error: e instanceof Error ? e.message : String(e) };
	}
}

/** Sends one delivery and records the outcome under its claim. */
async function deliverOne(deps: Deps, d: Delivery, report: DeliveryReport): Promise<void> {
	const endpoint = await endpointById(deps.db, d.endpointId);
	if (!endpoint) return; // removed meanwhile: its deliveries went with it
	const fail = (error: string, set?: JobColumns) => failed(deps, d, { error, set, permanent: true }, report);
	if (endpoint.status !== 'active') return fail('endpoint disabled');
	let secrets: string[];
	try {
		secrets = signingSecrets(deps, endpoint, deps.now());
	} catch (e) {
		deps.log.error('webhook secret cannot be unsealed', { webhook: endpoint.id, error: e instanceof Error ? e.message : String(e) });
		return fail('the secret cannot be unsealed: was VEZ_SECRET_KEY changed?');
	}
	const result = await attempt(deps, d, endpoint.url, secrets);
	const now = deps.now();
	if (!result.ok) {
		if (result.refused) {
			deps.log.warn('webhook delivery refused', { webhook: endpoint.id, delivery: d.id, error: result.error });
			return fail(result.error, { last_status: null, last_response: null, last_attempt_at: now });
		}
		return failed(deps, d, { error: result.error, set: { last_status: null, last_response: null, last_attempt_at: now } }, report);
	}
	const set = { last_status: result.status, last_response: result.excerpt || null, last_attempt_at: now };
	const verdict = judgeAnswer(result.status);
	if (verdict === 'delivered') {
		if (await finishJob(deps.db, WEBHOOK_DELIVERIES, d, { status: 'done', at: now, set })) report.delivered += 1;
		return;
	}
	if (verdict === 'gone') {
		// 410 Gone: the receiver says this endpoint will never take anything again.
		await setEndpointStatus(deps.db, endpoint.id, 'disabled', 'the endpoint answered 410 Gone', now);
		deps.log.warn('webhook disabled: 410 Gone', { webhook: endpoint.id });
		return fail('410 Gone: endpoint disabled', set);
	}
	return failed(deps, d, { error: `HTTP ${result.status}`, set }, report);
}

/** A failed attempt: retried by the schedule of docs/api.md#webhooks, or the dead letter when `permanent` or out of attempts. */
async function failed(deps: Deps, d: Delivery, failure: { error: string; set?: JobColumns; permanent?: boolean }, report: DeliveryReport): Promise<void> {
	const { next, recorded } = await failAttempt(deps.db, WEBHOOK_DELIVERIES, WEBHOOK_RETRY, d, { ...failure, now: deps.now() });
	if (recorded) report[next.status === 'failed' ? 'failed' : 'retried'] += 1;
}

/** Sends the due deliveries once, side by side; safe in several processes at once (each claims its own). */
export async function deliverWebhooks(deps: Deps, { limit = BATCH }: { limit?: number } = {}): Promise<DeliveryReport> {
	const now = deps.now();
	const due = await claimDeliveries(deps.db, now, new Date(now.getTime() + LEASE_MS), limit);
	const report: DeliveryReport = { claimed: due.length, delivered: 0, retried: 0, failed: 0 };
	await Promise.all(due.map((d) => deliverOne(deps, d, report)));
	return report;
}

/** Runs batches until the due deliveries are gone (or a bound is reached). */
export function drainWebhooks(deps: Deps): Promise<DeliveryReport> {
	return drainPasses(() => deliverWebhooks(deps), (r) => r.claimed >= BATCH);
}

/** Delivers as soon as this process queues a delivery, and every `intervalMs` for retries and other processes' work. */
export function startWebhookRunner(deps: Deps, intervalMs = 1000): () => Promise<void> {
	return startJobRunner({ kind: WEBHOOK_DELIVERIES.kind, intervalMs, log: deps.log, drain: async () => (await drainWebhooks(deps)).claimed });
}
