import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';

/*
 * Who writes on WhatsApp (chat_contacts): what the bot learnt of them, and their erasure — on
 * request (LGPD) and by retention, which takes their conversations and messages with them.
 */

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
