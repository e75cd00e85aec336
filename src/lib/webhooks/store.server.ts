import type { Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '$lib/server/db/schema';
import { registerJobTable } from '$lib/jobs/metrics.server';

export type EndpointRow = Selectable<WebhookEndpointsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

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
): Promise<EndpointRow> {
	return db
		.insertInto('webhook_endpoints')
		.values({ url: e.url, description: e.description, events: JSON.stringify(e.events), unit_ids: JSON.stringify(e.unitIds), secret_enc: e.secretEnc, created_by: e.createdBy })
		.returningAll()
		.executeTakeFirstOrThrow();
}

export function endpointById(db: Db, id: string): Promise<EndpointRow | undefined> {
	return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export function endpointByUrl(db: Db, url: string): Promise<EndpointRow | undefined> {
	return db.selectFrom('webhook_endpoints').selectAll().where('url', '=', url).executeTakeFirst();
}

export function allEndpoints(db: Db): Promise<EndpointRow[]> {
	return db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
}

export function activeEndpoints(db: Db): Promise<EndpointRow[]> {
	return db.selectFrom('webhook_endpoints').selectAll().where('status', '=', 'active').execute();
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

export function deliveriesOf(db: Db, endpointId: string, limit: number): Promise<DeliveryRow[]> {
	return db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('seq', 'desc').limit(limit).execute();
}

/** Each endpoint's newest delivery, for the list of endpoints. */
export async function lastDeliveries(db: Db, endpointIds: readonly string[]): Promise<Map<string, DeliveryRow>> {
	if (endpointIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('webhook_deliveries')
		.selectAll()
		.distinctOn('endpoint_id')
		.where('endpoint_id', 'in', endpointIds)
		.orderBy('endpoint_id')
		.orderBy('seq', 'desc')
		.execute();
	return new Map(rows.map((r) => [r.endpoint_id, r]));
}

export function deliveryOf(db: Db, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
	return db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).where('id', '=', id).executeTakeFirst();
}
