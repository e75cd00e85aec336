import { maskCpfsIn } from '$lib/citizens/cpf';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { auditPersonalReads } from '$lib/audit/audit.server';
import { isUuid } from '$lib/server/http/validate';
import type { ChatConversationStatus } from '$lib/server/db/schema';
import { threadMessages } from './message-store.server';
import { inboxRows, type InboxRow } from './conversation-store.server';

/**
 * Meta lets a business answer freely for 24 hours after the citizen's last message. Chats the bot
 * handled alone stay on the agents' list as long, while a person could still answer them freely.
 */
export const REPLY_WINDOW_MS = 24 * 3_600_000;

/** Whether a person may still answer freely (inside the 24 hours after the citizen's last message). */
export const windowOpen = (lastInboundAt: Date | null, now: Date) => lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < REPLY_WINDOW_MS;

export interface InboxLine {
	id: string;
	status: ChatConversationStatus;
	name: string | null;
	neighbourhood: string | null;
	/** The number's last four digits: enough to tell two Marias apart, not to call them. */
	phoneEnd: string;
	lastMessageAt: string;
	waitingSince: string | null;
	agentName: string | null;
	mine: boolean;
	last: { author: string; body: string; at: string }[];
}

export interface Thread extends InboxLine {
	windowOpen: boolean;
	messages: { id: string; author: 'citizen' | 'bot' | 'agent'; body: string; at: string; delivery: string | null; status: string }[];
}

/** A conversation as the agents' list shows it; CPFs in the last messages masked. */
function lineOf(r: InboxRow, actor: Actor): InboxLine {
	return {
		id: r.id,
		status: r.status,
		name: r.name,
		neighbourhood: r.neighbourhood,
		phoneEnd: r.phone.slice(-4),
		lastMessageAt: r.lastMessageAt.toISOString(),
		waitingSince: r.waitingSince?.toISOString() ?? null,
		agentName: r.agentName,
		mine: r.agentId !== null && actor.kind === 'user' && r.agentId === actor.id,
		last: r.last.map((m) => ({ author: m.author, body: maskCpfsIn(m.body), at: m.at.toISOString() }))
	};
}

/**
 * The agents' inbox: chats waiting for a person first (oldest wait first), then those people
 * hold, then the bot's recent ones. Names are personal data: every one shown is an audited read.
 */
export async function conversationInbox(deps: Deps, actor: Actor): Promise<InboxLine[]> {
	authorize(actor, 'conversation:handle');
	const now = deps.now();
	const rows = await inboxRows(deps.db, new Date(now.getTime() - REPLY_WINDOW_MS), 60);
	const lines = rows.map((r) => lineOf(r, actor));
	await auditPersonalReads(
		deps.db,
		actor,
		rows.filter((r) => r.name).map((r) => ({ entity: 'chat_contact' as const, entityId: r.contactId, cpf: null, via: 'screen /conversas' }))
	);
	return lines;
}

/** One chat with its messages, for the agent answering it; an audited read. */
export async function conversationThread(deps: Deps, actor: Actor, id: string): Promise<Thread> {
	authorize(actor, 'conversation:handle');
	if (!isUuid(id)) throw new VezError('not_found', 'No such conversation.');
	const now = deps.now();
	const rows = await inboxRows(deps.db, new Date(0), 1, id);
	const r = rows[0];
	if (!r) throw new VezError('not_found', 'No such conversation.');
	const messages = await threadMessages(deps.db, id, 200);
	await auditPersonalReads(deps.db, actor, [{ entity: 'chat_contact', entityId: r.contactId, cpf: null, via: 'screen /conversas', details: { conversation: id } }]);
	return {
		...lineOf(r, actor),
		last: [],
		windowOpen: windowOpen(r.lastInboundAt, now),
		messages: messages.map((m) => ({ id: m.id, author: m.author, body: maskCpfsIn(m.body), at: m.createdAt.toISOString(), delivery: m.delivery, status: m.status }))
	};
}
