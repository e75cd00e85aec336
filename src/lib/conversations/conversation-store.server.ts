import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { ChatConversationStatus } from '$lib/server/db/schema';
import type { ConversationState, Contact } from './machine';
import { initialState } from './machine';
import { isLang } from '$lib/i18n';
import { eraseContacts } from './contact-store.server';

/*
 * A number's conversation (chat_conversations, one per contact): its state in the bot's machine,
 * who holds it, and the inbox's view of it with its contact and last messages.
 */

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
