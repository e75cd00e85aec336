import { sql, type Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { ChatBroadcastDeliveriesTable } from '$lib/server/db/schema';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { OUTBOX_STATUS } from '$lib/jobs/retry';
import { claimJobs } from '$lib/jobs/store.server';

/* Notices: contacts' opt-ins (chat_subscriptions), the notices sent (chat_broadcasts) and their deliveries. */

/** One recipient of a notice on its way to the Cloud API. */
export const CHAT_BROADCAST = registerJobTable({ kind: 'chat-broadcast', table: 'chat_broadcast_deliveries', status: OUTBOX_STATUS, doneAt: 'done_at' });

/** Where a notice applies: a region's opt-ins, and those of these units. */
export interface NoticeReach {
	region: string;
	unitIds: readonly string[];
}

/** Contacts who consented and opted in where a notice applies, each once whatever it opted in to, oldest first. */
export function optedInContacts(db: Db, reach: NoticeReach): Promise<{ id: string; lang: string }[]> {
	return db
		.selectFrom('chat_contacts')
		.select(['chat_contacts.id', 'chat_contacts.lang'])
		.where('chat_contacts.consent_at', 'is not', null)
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('chat_subscriptions as s')
					.select('s.id')
					.whereRef('s.contact_id', '=', 'chat_contacts.id')
					.where((w) => w.or([w('s.region', '=', reach.region), w('s.unit_id', 'in', reach.unitIds)]))
			)
		)
		.orderBy('chat_contacts.created_at')
		.execute();
}

/** The units and regions a contact opted in to. */
export function subscriptionsOf(db: Db, contactId: string): Promise<{ unitId: string | null; region: string | null }[]> {
	return db.selectFrom('chat_subscriptions').select(['unit_id as unitId', 'region']).where('contact_id', '=', contactId).execute();
}

/** Opts a contact in to a unit's or a region's notices (once: a second opt-in changes nothing). */
export async function insertSubscription(db: Db, contactId: string, to: { unitId: string } | { region: string }, now: Date): Promise<void> {
	await db
		.insertInto('chat_subscriptions')
		.values({ contact_id: contactId, unit_id: 'unitId' in to ? to.unitId : null, region: 'region' in to ? to.region : null, created_at: now })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

/** "sair": the contact receives no notice any more, and none still on its way. */
export async function unsubscribeAll(db: Db, contactId: string): Promise<void> {
	await db.deleteFrom('chat_subscriptions').where('contact_id', '=', contactId).execute();
	await db.updateTable('chat_broadcast_deliveries').set({ status: 'cancelled', last_error: 'opted out' }).where('contact_id', '=', contactId).where('status', '=', 'queued').execute();
}

export interface NewBroadcast {
	template: string;
	params: readonly string[];
	unitId: string | null;
	region: string | null;
	targetLabel: string;
	createdBy: string;
	at: Date;
}

/** Stores a notice and queues one delivery per recipient, each at its slot; returns the notice's id. */
export async function insertBroadcast(trx: Db, b: NewBroadcast, deliveries: readonly { contactId: string; lang: string; at: Date }[]): Promise<string> {
	const row = await trx
		.insertInto('chat_broadcasts')
		.values({ template: b.template, params: JSON.stringify(b.params), unit_id: b.unitId, region: b.region, target_label: b.targetLabel, created_by: b.createdBy, created_at: b.at })
		.returning('id')
		.executeTakeFirstOrThrow();
	if (deliveries.length) {
		await trx
			.insertInto('chat_broadcast_deliveries')
			.values(deliveries.map((d) => ({ broadcast_id: row.id, contact_id: d.contactId, lang: d.lang, status: 'queued' as const, next_attempt_at: d.at, created_at: b.at })))
			.execute();
	}
	return row.id;
}

/** When the last first send already scheduled is due (deliveries not tried yet), if any. */
export async function lastScheduledFirstSend(db: Db): Promise<Date | null> {
	const last = await db.selectFrom('chat_broadcast_deliveries').select((eb) => eb.fn.max('next_attempt_at').as('at')).where('status', '=', 'queued').where('attempts', '=', 0).executeTakeFirst();
	return last?.at ? new Date(last.at) : null;
}

type DeliveryStatus = ChatBroadcastDeliveriesTable['status'];

/** The counts the screen shows per notice, by the deliveries' statuses ("queued" holds those being sent). */
const COUNTED: Record<'queued' | 'sent' | 'failed' | 'cancelled', DeliveryStatus[]> = { queued: ['queued', 'sending'], sent: ['sent'], failed: ['failed'], cancelled: ['cancelled'] };

export interface BroadcastLine {
	id: string;
	template: string;
	target: string;
	params: string[];
	createdAt: string;
	by: string | null;
	queued: number;
	sent: number;
	failed: number;
	cancelled: number;
}

/** The last notices, newest first, with who sent them and their deliveries counted by status. */
export async function recentBroadcasts(db: Db, limit: number): Promise<BroadcastLine[]> {
	const rows = await db
		.selectFrom('chat_broadcasts')
		.leftJoin('users', 'users.id', 'chat_broadcasts.created_by')
		.select(['chat_broadcasts.id', 'chat_broadcasts.template', 'chat_broadcasts.target_label', 'chat_broadcasts.params', 'chat_broadcasts.created_at', 'users.name as by'])
		.select((eb) =>
			(Object.keys(COUNTED) as (keyof typeof COUNTED)[]).map((count) =>
				eb
					.selectFrom('chat_broadcast_deliveries as d')
					.select(sql<string>`count(*)`.as('n'))
					.whereRef('d.broadcast_id', '=', 'chat_broadcasts.id')
					.where('d.status', 'in', COUNTED[count])
					.as(count)
			)
		)
		.orderBy('chat_broadcasts.created_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		template: r.template,
		target: r.target_label,
		params: r.params,
		createdAt: r.created_at.toISOString(),
		by: r.by,
		queued: Number(r.queued ?? 0),
		sent: Number(r.sent ?? 0),
		failed: Number(r.failed ?? 0),
		cancelled: Number(r.cancelled ?? 0)
	}));
}

/** The notices' templates and parameters, by id. */
export async function broadcastsByIds(db: Db, ids: readonly string[]): Promise<Map<string, { template: string; params: string[] }>> {
	const rows = await db.selectFrom('chat_broadcasts').select(['id', 'template', 'params']).where('id', 'in', ids).execute();
	return new Map(rows.map((b) => [b.id, { template: b.template, params: b.params }]));
}

/** The phones of these contacts that are still opted in to something (an opted-out or erased one is absent). */
export async function subscribedPhones(db: Db, contactIds: readonly string[]): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('chat_contacts')
		.select(['id', 'phone'])
		// A list never empty for `in`: the nil uuid matches no contact.
		.where('id', 'in', [...contactIds, '00000000-0000-0000-0000-000000000000'])
		.where((eb) => eb.exists(eb.selectFrom('chat_subscriptions').select('id').whereRef('chat_subscriptions.contact_id', '=', 'chat_contacts.id')))
		.execute();
	return new Map(rows.map((c) => [c.id, c.phone]));
}

/** Cancels a claimed delivery whose contact opted out, unless its claim was lost meanwhile; true when it was cancelled. */
/** A notice's delivery to one contact, claimed for sending; the contact is null once erased. */
export interface NoticeDelivery {
	id: string;
	attempts: number;
	broadcastId: string;
	contactId: string | null;
	lang: string;
}

/** Claims up to `limit` due deliveries for one runner (see {@link claimJobs}). */
export async function claimNoticeDeliveries(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<NoticeDelivery[]> {
	const rows = await claimJobs<Selectable<ChatBroadcastDeliveriesTable>>(db, CHAT_BROADCAST, now, leaseUntil, limit);
	return rows.map((r) => ({ id: r.id, attempts: r.attempts, broadcastId: r.broadcast_id, contactId: r.contact_id, lang: r.lang }));
}

export async function cancelClaimedDelivery(db: Db, d: { id: string; attempts: number }): Promise<boolean> {
	const r = await db
		.updateTable('chat_broadcast_deliveries')
		.set({ status: 'cancelled', last_error: 'opted out' })
		.where('id', '=', d.id)
		.where('status', '=', 'sending')
		.where('attempts', '=', d.attempts)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}
