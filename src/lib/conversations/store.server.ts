import { sql, type Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { ChatBroadcastDeliveriesTable, ChatConversationStatus, ChatMessagesTable } from '$lib/server/db/schema';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { OUTBOX_STATUS } from '$lib/jobs/retry';
import type { ConversationState, Contact, Inbound, Reply } from './machine';
import { initialState } from './machine';
import { isLang } from '$lib/i18n';
import { renderTemplate } from '$lib/notify/templates';

export type ChatMessageRow = Selectable<ChatMessagesTable>;

/** What goes out on a chat: the bot's and agents' replies, or an approved template (outside the 24-hour window). */
export type Outbound = Reply | { kind: 'template'; name: string; language: string; params: string[] };

/** What a person reads of an outgoing message (the inbox, the LGPD report). */
function outboundBody(r: Outbound): string {
	if (r.kind === 'list') return `${r.body}\n[${r.rows.map((x) => x.title).join(' | ')}]`;
	if (r.kind === 'buttons') return `${r.body}\n[${r.buttons.map((x) => x.title).join(' | ')}]`;
	if (r.kind === 'template') return renderTemplate(r.name, r.language, r.params) ?? r.name;
	return r.body;
}

/** Citizens' messages waiting for the bot: one job per message, taken in order per conversation. */
export const CHAT_INBOUND = registerJobTable({
	kind: 'chat-inbound',
	table: 'chat_messages',
	status: { waiting: 'received', claimed: 'handling', done: 'handled', dead: 'unhandled' },
	doneAt: 'done_at'
});

/** Replies on their way to the Cloud API. */
export const CHAT_OUTBOUND = registerJobTable({
	kind: 'chat-outbound',
	table: 'chat_messages',
	status: OUTBOX_STATUS,
	doneAt: 'done_at'
});

/** Only a conversation's earliest unhandled message may be taken: the bot reads a chat in order, whichever process runs it. */
export const EARLIEST_INBOUND = sql<boolean>`direction = 'in' AND NOT EXISTS (
	SELECT 1 FROM chat_messages e
	WHERE e.conversation_id = chat_messages.conversation_id AND e.direction = 'in'
	  AND e.status IN ('received', 'handling') AND e.seq < chat_messages.seq)`;
export const OUTBOUND = sql<boolean>`direction = 'out'`;

export interface StoredConversation {
	id: string;
	contactId: string;
	phone: string;
	status: ChatConversationStatus;
	state: ConversationState;
	agentId: string | null;
	lastInboundAt: Date | null;
	contact: { name: string | null; neighbourhood: string | null; lang: string; consentAt: Date | null };
}

/** The state a conversation starts from: what the contact row already holds (a returning citizen is not asked again). */
export function stateFromContact(c: { name: string | null; neighbourhood: string | null; lang: string; consent_at: Date | null }): ConversationState {
	const lang = isLang(c.lang) ? c.lang : 'pt-BR';
	const contact: Contact | null = c.name && c.neighbourhood ? { name: c.name, neighbourhood: c.neighbourhood } : null;
	const base = initialState(lang);
	if (!c.consent_at) return base;
	return { ...base, consented: true, contact, step: contact ? { at: 'menu' } : { at: 'name' } };
}

/** The contact of a number and its conversation, created on first contact. */
export async function contactConversation(db: Db, phone: string, now: Date): Promise<{ conversationId: string; contactId: string }> {
	await db.insertInto('chat_contacts').values({ phone, created_at: now, updated_at: now }).onConflict((oc) => oc.columns(['channel', 'phone']).doNothing()).execute();
	const contact = await db.selectFrom('chat_contacts').selectAll().where('channel', '=', 'whatsapp').where('phone', '=', phone).executeTakeFirstOrThrow();
	await db
		.insertInto('chat_conversations')
		.values({ contact_id: contact.id, state: JSON.stringify(stateFromContact(contact)), last_message_at: now, created_at: now })
		.onConflict((oc) => oc.column('contact_id').doNothing())
		.execute();
	const conversation = await db.selectFrom('chat_conversations').select('id').where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
	return { conversationId: conversation.id, contactId: contact.id };
}

/** Stores a citizen's message as the bot's job; false when Meta delivered this id before. */
export async function insertInbound(db: Db, m: { conversationId: string; waMessageId: string; body: string; input: Inbound; at: Date; now: Date }): Promise<boolean> {
	const r = await db
		.insertInto('chat_messages')
		.values({
			conversation_id: m.conversationId,
			direction: 'in',
			author: 'citizen',
			body: m.body,
			payload: JSON.stringify(m.input),
			wa_message_id: m.waMessageId,
			status: 'received',
			next_attempt_at: m.now,
			created_at: m.now
		})
		.onConflict((oc) => oc.column('wa_message_id').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!r) return false;
	await db.updateTable('chat_conversations').set({ last_inbound_at: m.at, last_message_at: m.now }).where('id', '=', m.conversationId).execute();
	return true;
}

/** Queues replies to the Cloud API, in order. */
export async function queueReplies(db: Db, conversationId: string, replies: readonly Outbound[], now: Date, by: { author: 'bot' | 'agent'; agentId?: string | null } = { author: 'bot' }): Promise<void> {
	if (replies.length === 0) return;
	await db
		.insertInto('chat_messages')
		.values(
			replies.map((r) => ({
				conversation_id: conversationId,
				direction: 'out' as const,
				author: by.author,
				agent_id: by.agentId ?? null,
				body: outboundBody(r),
				payload: JSON.stringify(r),
				status: 'queued' as const,
				next_attempt_at: now,
				created_at: now
			}))
		)
		.execute();
	await db.updateTable('chat_conversations').set({ last_message_at: now }).where('id', '=', conversationId).execute();
}

export async function conversationById(db: Db, id: string): Promise<StoredConversation | undefined> {
	const r = await db
		.selectFrom('chat_conversations')
		.innerJoin('chat_contacts', 'chat_contacts.id', 'chat_conversations.contact_id')
		.select([
			'chat_conversations.id',
			'chat_conversations.contact_id',
			'chat_conversations.status',
			'chat_conversations.state',
			'chat_conversations.agent_id',
			'chat_conversations.last_inbound_at',
			'chat_contacts.phone',
			'chat_contacts.name',
			'chat_contacts.neighbourhood',
			'chat_contacts.lang',
			'chat_contacts.consent_at'
		])
		.where('chat_conversations.id', '=', id)
		.executeTakeFirst();
	return (
		r && {
			id: r.id,
			contactId: r.contact_id,
			phone: r.phone,
			status: r.status,
			state: r.state as ConversationState,
			agentId: r.agent_id,
			lastInboundAt: r.last_inbound_at,
			contact: { name: r.name, neighbourhood: r.neighbourhood, lang: r.lang, consentAt: r.consent_at }
		}
	);
}

/** The phone number a reply goes to. */
export async function phoneOfConversation(db: Db, conversationId: string): Promise<string | null> {
	const r = await db
		.selectFrom('chat_conversations')
		.innerJoin('chat_contacts', 'chat_contacts.id', 'chat_conversations.contact_id')
		.select('chat_contacts.phone')
		.where('chat_conversations.id', '=', conversationId)
		.executeTakeFirst();
	return r?.phone ?? null;
}

/** Records Meta's delivery status of a message we sent; only forward (sent → delivered → read, or failed). */
export async function recordDelivery(db: Db, waMessageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', at: Date): Promise<boolean> {
	const rank = sql<number>`CASE delivery WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END`;
	const next = { sent: 1, delivered: 2, read: 3, failed: 4 }[status];
	const r = await db
		.updateTable('chat_messages')
		.set({ delivery: status, delivery_at: at })
		.where('wa_message_id', '=', waMessageId)
		.where('direction', '=', 'out')
		.where(rank, '<', next)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export interface InboxRow {
	id: string;
	contactId: string;
	status: ChatConversationStatus;
	phone: string;
	name: string | null;
	neighbourhood: string | null;
	lastMessageAt: Date;
	lastInboundAt: Date | null;
	waitingSince: Date | null;
	agentId: string | null;
	agentName: string | null;
	last: { author: string; body: string; at: Date }[];
}

/** Conversations people hold or wait for, and the bot's since `since`; or one by id. With their last three messages. */
export async function inboxRows(db: Db, since: Date, limit: number, id?: string): Promise<InboxRow[]> {
	let q = db
		.selectFrom('chat_conversations')
		.innerJoin('chat_contacts', 'chat_contacts.id', 'chat_conversations.contact_id')
		.leftJoin('users', 'users.id', 'chat_conversations.agent_id')
		.select([
			'chat_conversations.id',
			'chat_conversations.contact_id',
			'chat_conversations.status',
			'chat_conversations.last_message_at',
			'chat_conversations.last_inbound_at',
			'chat_conversations.waiting_since',
			'chat_conversations.agent_id',
			'chat_contacts.phone',
			'chat_contacts.name',
			'chat_contacts.neighbourhood',
			'users.name as agentName'
		]);
	q = id ? q.where('chat_conversations.id', '=', id) : q.where((eb) => eb.or([eb('chat_conversations.status', '<>', 'bot'), eb('chat_conversations.last_message_at', '>=', since)]));
	const rows = await q
		.orderBy(sql`CASE chat_conversations.status WHEN 'waiting' THEN 0 WHEN 'agent' THEN 1 ELSE 2 END`)
		.orderBy(sql`CASE WHEN chat_conversations.status = 'waiting' THEN chat_conversations.waiting_since END`, 'asc')
		.orderBy('chat_conversations.last_message_at', 'desc')
		.limit(limit)
		.execute();
	const ids = rows.map((r) => r.id);
	const last = ids.length
		? await db
				.selectFrom('chat_messages')
				.select(['conversation_id', 'author', 'body', 'created_at', 'seq'])
				.where('conversation_id', 'in', ids)
				.where(sql<boolean>`seq IN (SELECT m.seq FROM chat_messages m WHERE m.conversation_id = chat_messages.conversation_id ORDER BY m.seq DESC LIMIT 3)`)
				.orderBy('seq')
				.execute()
		: [];
	return rows.map((r) => ({
		id: r.id,
		contactId: r.contact_id,
		status: r.status,
		phone: r.phone,
		name: r.name,
		neighbourhood: r.neighbourhood,
		lastMessageAt: r.last_message_at,
		lastInboundAt: r.last_inbound_at,
		waitingSince: r.waiting_since,
		agentId: r.agent_id,
		agentName: r.agentName,
		last: last.filter((m) => m.conversation_id === r.id).map((m) => ({ author: m.author, body: m.body, at: m.created_at }))
	}));
}

/** A conversation's messages, oldest first, the latest `limit` of them. */
export async function threadMessages(db: Db, conversationId: string, limit: number): Promise<ChatMessageRow[]> {
	const rows = await db.selectFrom('chat_messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq', 'desc').limit(limit).execute();
	return rows.reverse();
}

const digitsOf = sql<string>`regexp_replace(chat_contacts.phone, '[^0-9]', '', 'g')`;

/** The phones as typed on protocols and appointments (`48 9999-0000`, `+55…`) to the digit forms a chat number may have. */
function phoneKeys(phones: readonly string[]): string[] {
	const keys = new Set<string>();
	for (const p of phones) {
		const d = p.replace(/\D/g, '');
		if (d.length < 8) continue;
		keys.add(d);
		if (!d.startsWith('55')) keys.add(`55${d}`);
	}
	return [...keys];
}

export interface ContactRecord {
	id: string;
	phone: string;
	name: string | null;
	neighbourhood: string | null;
	consentAt: Date | null;
	messages: number;
	lastMessageAt: Date | null;
}

/** The chat contacts whose number is one of these phones, with how much they said and when last. */
export async function contactsByPhones(db: Db, phones: readonly string[]): Promise<ContactRecord[]> {
	const keys = phoneKeys(phones);
	if (keys.length === 0) return [];
	const rows = await db
		.selectFrom('chat_contacts')
		.leftJoin('chat_conversations', 'chat_conversations.contact_id', 'chat_contacts.id')
		.select(['chat_contacts.id', 'chat_contacts.phone', 'chat_contacts.name', 'chat_contacts.neighbourhood', 'chat_contacts.consent_at', 'chat_conversations.last_message_at'])
		.select((eb) => eb.selectFrom('chat_messages').select(eb.fn.countAll<string>().as('n')).whereRef('chat_messages.conversation_id', '=', 'chat_conversations.id').as('messages'))
		.where(digitsOf, 'in', keys)
		.execute();
	return rows.map((r) => ({ id: r.id, phone: r.phone, name: r.name, neighbourhood: r.neighbourhood, consentAt: r.consent_at, messages: Number(r.messages ?? 0), lastMessageAt: r.last_message_at }));
}

/** Erases contacts, their conversations and messages (LGPD art. 18 VI); how many contacts went. */
export async function eraseContacts(db: Db, ids: readonly string[]): Promise<number> {
	if (ids.length === 0) return 0;
	const r = await db.deleteFrom('chat_contacts').where('id', 'in', ids).executeTakeFirst();
	return Number(r.numDeletedRows);
}

/** Retention: contacts silent since `before` go whole; older messages of the others go. */
export async function forgetChatsBefore(db: Db, before: Date): Promise<{ contacts: number; messages: number }> {
	const contacts = await db
		.deleteFrom('chat_contacts')
		.where((eb) =>
			eb.not(eb.exists(eb.selectFrom('chat_conversations').select('chat_conversations.id').whereRef('chat_conversations.contact_id', '=', 'chat_contacts.id').where('chat_conversations.last_message_at', '>=', before)))
		)
		.where('chat_contacts.updated_at', '<', before)
		.executeTakeFirst();
	const messages = await db.deleteFrom('chat_messages').where('created_at', '<', before).where('status', 'not in', ['received', 'handling', 'queued', 'sending']).executeTakeFirst();
	return { contacts: Number(contacts.numDeletedRows), messages: Number(messages.numDeletedRows) };
}

// ---- the conversation's own row -----------------------------------------------------------------

/** A conversation row as a turn or an agent's action reads it, locked for their transaction. */
export interface LockedConversation {
	id: string;
	contactId: string;
	status: ChatConversationStatus;
	agentId: string | null;
	state: ConversationState;
	lastInboundAt: Date | null;
}

/** The conversation row, locked to the end of the transaction; undefined for an unknown id. */
export async function conversationForUpdate(trx: Db, id: string): Promise<LockedConversation | undefined> {
	const r = await trx
		.selectFrom('chat_conversations')
		.select(['id', 'contact_id', 'status', 'agent_id', 'state', 'last_inbound_at'])
		.where('id', '=', id)
		.forUpdate()
		.executeTakeFirst();
	return r && { id: r.id, contactId: r.contact_id, status: r.status, agentId: r.agent_id, state: r.state as ConversationState, lastInboundAt: r.last_inbound_at };
}

/** What a turn, a take or a hand-back changes of a conversation; a field left out stays as it is. */
export interface ConversationChange {
	state?: ConversationState;
	status?: ChatConversationStatus;
	agentId?: string | null;
	takenAt?: Date | null;
	waitingSince?: Date | null;
}

export async function updateConversation(db: Db, id: string, c: ConversationChange): Promise<void> {
	await db
		.updateTable('chat_conversations')
		.set({
			...(c.state !== undefined ? { state: JSON.stringify(c.state) } : {}),
			...(c.status !== undefined ? { status: c.status } : {}),
			...(c.agentId !== undefined ? { agent_id: c.agentId } : {}),
			...(c.takenAt !== undefined ? { taken_at: c.takenAt } : {}),
			...(c.waitingSince !== undefined ? { waiting_since: c.waitingSince } : {})
		})
		.where('id', '=', id)
		.execute();
}

/** What the bot learns of a contact; a field left out stays as it is. */
export interface ContactChange {
	name?: string;
	neighbourhood?: string;
	lang?: string;
	consentText?: string;
	consentAt?: Date;
	updatedAt?: Date;
}

export async function updateContact(db: Db, id: string, c: ContactChange): Promise<void> {
	await db
		.updateTable('chat_contacts')
		.set({
			...(c.name !== undefined ? { name: c.name } : {}),
			...(c.neighbourhood !== undefined ? { neighbourhood: c.neighbourhood } : {}),
			...(c.lang !== undefined ? { lang: c.lang } : {}),
			...(c.consentText !== undefined ? { consent_text: c.consentText } : {}),
			...(c.consentAt !== undefined ? { consent_at: c.consentAt } : {}),
			...(c.updatedAt !== undefined ? { updated_at: c.updatedAt } : {})
		})
		.where('id', '=', id)
		.execute();
}

/**
 * The contact erased (with its conversation and messages) and the number starting again as a new
 * contact whose conversation is in `state`; returns the new conversation's id.
 */
export async function restartContact(db: Db, contactId: string, phone: string, state: ConversationState, now: Date): Promise<string> {
	await eraseContacts(db, [contactId]);
	const fresh = await db.insertInto('chat_contacts').values({ phone, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
	const conversation = await db
		.insertInto('chat_conversations')
		.values({ contact_id: fresh.id, state: JSON.stringify(state), last_message_at: now, created_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	return conversation.id;
}

// ---- notices: subscriptions, broadcasts and their deliveries ------------------------------------

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
