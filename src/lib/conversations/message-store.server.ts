import { sql, type Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { ChatMessagesTable } from '$lib/server/db/schema';
import { claimJobs } from '$lib/jobs/store.server';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { OUTBOX_STATUS } from '$lib/jobs/retry';
import type { Inbound, Reply } from './machine';
import { renderTemplate } from '$lib/notify/templates';

/*
 * A chat's messages (chat_messages): the citizen's, each the bot's job until handled, and the
 * bot's and agents' replies on their way to the Cloud API, with Meta's delivery status. Storing
 * one moves its conversation's last-message times.
 */

/** A message of a chat: the citizen's with its parsed input, or a reply with what was sent and Meta's delivery status. */
export interface ChatMessage {
	id: string;
	conversationId: string;
	direction: ChatMessagesTable['direction'];
	author: ChatMessagesTable['author'];
	body: string;
	/** The citizen's `Inbound`, or the `Outbound` reply. */
	payload: unknown;
	status: ChatMessagesTable['status'];
	attempts: number;
	delivery: ChatMessagesTable['delivery'];
	createdAt: Date;
}

const messageOf = (r: Selectable<ChatMessagesTable>): ChatMessage => ({
	id: r.id,
	conversationId: r.conversation_id,
	direction: r.direction,
	author: r.author,
	body: r.body,
	payload: r.payload,
	status: r.status,
	attempts: r.attempts,
	delivery: r.delivery,
	createdAt: r.created_at
});

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
const EARLIEST_INBOUND = sql<boolean>`direction = 'in' AND NOT EXISTS (
	SELECT 1 FROM chat_messages e
	WHERE e.conversation_id = chat_messages.conversation_id AND e.direction = 'in'
	  AND e.status IN ('received', 'handling') AND e.seq < chat_messages.seq)`;
const OUTBOUND = sql<boolean>`direction = 'out'`;

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

/** A conversation's messages, oldest first, the latest `limit` of them. */
export async function threadMessages(db: Db, conversationId: string, limit: number): Promise<ChatMessage[]> {
	const rows = await db.selectFrom('chat_messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq', 'desc').limit(limit).execute();
	return rows.reverse().map(messageOf);
}

/** Claims the citizens' messages due for the bot, each conversation's earliest only (see {@link claimJobs}). */
export async function claimInbound(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ChatMessage[]> {
	return (await claimJobs<Selectable<ChatMessagesTable>>(db, CHAT_INBOUND, now, leaseUntil, limit, EARLIEST_INBOUND)).map(messageOf);
}

/** Claims the replies due to go out (see {@link claimJobs}). */
export async function claimReplies(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ChatMessage[]> {
	return (await claimJobs<Selectable<ChatMessagesTable>>(db, CHAT_OUTBOUND, now, leaseUntil, limit, OUTBOUND)).map(messageOf);
}
