import type { Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { WebhookDeliveriesTable, WebhookDeliveryStatus, WebhookEndpointsTable } from '$lib/server/db/schema';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { claimJobs } from '$lib/jobs/store.server';

/** An endpoint as the use cases read it; its secrets stay sealed until a delivery is signed. */
export interface Endpoint {
	id: string;
	url: string;
	description: string;
	events: string[];
	unitIds: string[];
	secretEnc: string;
	previousSecretEnc: string | null;
	previousUntil: Date | null;
	status: 'active' | 'disabled';
	disabledReason: string | null;
	createdAt: Date;
}

/** One event's delivery to one endpoint, with its attempts so far. */
export interface Delivery {
	id: string;
	endpointId: string;
	type: string;
	body: string;
	status: WebhookDeliveryStatus;
	attempts: number;
	nextAttemptAt: Date;
	lastStatus: number | null;
	lastError: string | null;
	lastResponse: string | null;
	createdAt: Date;
	deliveredAt: Date | null;
}

const endpointOf = (r: Selectable<WebhookEndpointsTable>): Endpoint => ({
	id: r.id,
	url: r.url,
	description: r.description,
	events: r.events,
	unitIds: r.unit_ids,
	secretEnc: r.secret_enc,
	previousSecretEnc: r.previous_secret_enc,
	previousUntil: r.previous_until,
	status: r.status,
	disabledReason: r.disabled_reason,
	createdAt: r.created_at
});

const deliveryOf = (r: Selectable<WebhookDeliveriesTable>): Delivery => ({
	id: r.id,
	endpointId: r.endpoint_id,
	type: r.type,
	body: r.body,
	status: r.status,
	attempts: r.attempts,
	nextAttemptAt: r.next_attempt_at,
	lastStatus: r.last_status,
	lastError: r.last_error,
	lastResponse: r.last_response,
	createdAt: r.created_at,
	deliveredAt: r.delivered_at
});

/** Webhook deliveries on the one durable job module; the API calls a claimed one pending. */
export const WEBHOOK_DELIVERIES = registerJobTable({
	kind: 'webhook',
	table: 'webhook_deliveries',
	status: { waiting: 'pending', claimed: 'sending', done: 'delivered', dead: 'failed' },
	doneAt: 'delivered_at'
});

export async function insertEndpoint(
	db: Db,
	e: { url: string; description: string; events: readonly string[]; unitIds: readonly string[]; secretEnc: string; createdBy: string }
): Promise<Endpoint> {
	const row = await db
		.insertInto('webhook_endpoints')
		.values({ url: e.url, description: e.description, events: JSON.stringify(e.events), unit_ids: JSON.stringify(e.unitIds), secret_enc: e.secretEnc, created_by: e.createdBy })
		.returningAll()
		.executeTakeFirstOrThrow();
	return endpointOf(row);
}

export async function endpointById(db: Db, id: string): Promise<Endpoint | undefined> {
	const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
	return row && endpointOf(row);
}

export async function endpointByUrl(db: Db, url: string): Promise<Endpoint | undefined> {
	const row = await db.selectFrom('webhook_endpoints').selectAll().where('url', '=', url).executeTakeFirst();
	return row && endpointOf(row);
}

export async function allEndpoints(db: Db): Promise<Endpoint[]> {
	return (await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute()).map(endpointOf);
}

export async function activeEndpoints(db: Db): Promise<Endpoint[]> {
	return (await db.selectFrom('webhook_endpoints').selectAll().where('status', '=', 'active').execute()).map(endpointOf);
}

export async function setEndpointStatus(db: Db, id: string, status: 'active' | 'disabled', reason: string | null, now: Date): Promise<boolean> {
	const r = await db.updateTable('webhook_endpoints').set({ status, disabled_reason: reason, updated_at: now }).where('id', '=', id).executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function saveRotation(db: Db, id: string, secretEnc: string, previousEnc: string, previousUntil: Date, now: Date): Promise<void> {
	await db
		.updateTable('webhook_endpoints')
		.set({ secret_enc: secretEnc, previous_secret_enc: previousEnc, previous_until: previousUntil, updated_at: now })
		.where('id', '=', id)
		.execute();
}

export async function deleteEndpoint(db: Db, id: string): Promise<boolean> {
	const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
	return Number(r.numDeletedRows) === 1;
}

export async function insertDeliveries(
	db: Db,
	rows: readonly { id: string; endpointId: string; eventId: string | null; type: string; body: string; at: Date }[]
): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insertInto('webhook_deliveries')
		.values(rows.map((r) => ({ id: r.id, endpoint_id: r.endpointId, event_id: r.eventId, type: r.type, body: r.body, next_attempt_at: r.at })))
		.execute();
}

export async function deliveriesOf(db: Db, endpointId: string, limit: number): Promise<Delivery[]> {
	return (await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('seq', 'desc').limit(limit).execute()).map(deliveryOf);
}

/** Each endpoint's newest delivery, for the list of endpoints. */
export async function lastDeliveries(db: Db, endpointIds: readonly string[]): Promise<Map<string, Delivery>> {
	if (endpointIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('webhook_deliveries')
		.selectAll()
		.distinctOn('endpoint_id')
		.where('endpoint_id', 'in', endpointIds)
		.orderBy('endpoint_id')
		.orderBy('seq', 'desc')
		.execute();
	return new Map(rows.map((r) => [r.endpoint_id, deliveryOf(r)]));
}

/** One delivery of an endpoint, or undefined when the endpoint has no such delivery. */
export async function endpointDelivery(db: Db, endpointId: string, id: string): Promise<Delivery | undefined> {
	const row = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).where('id', '=', id).executeTakeFirst();
	return row && deliveryOf(row);
}

/** Claims due deliveries for one runner (see {@link claimJobs}): a claimed delivery is `sending` with a lease. */
export async function claimDeliveries(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<Delivery[]> {
	return (await claimJobs<Selectable<WebhookDeliveriesTable>>(db, WEBHOOK_DELIVERIES, now, leaseUntil, limit)).map(deliveryOf);
}
