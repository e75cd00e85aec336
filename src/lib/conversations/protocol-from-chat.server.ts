import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { auditPersonalReads } from '$lib/audit/audit.server';
import { maskCpfsIn } from '$lib/citizens/cpf';
import { isUuid } from '$lib/server/http/validate';
import type { IdempotencyKey } from '$lib/server/idempotency.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { openProtocol } from '$lib/requests/open-protocol.server';
import type { OpenedProtocol } from '$lib/requests/views';
import { isLang } from '$lib/i18n';
import { formatDate, type ConversationState, type Inbound } from './machine';
import { BOT_TEXTS } from './texts';
import { CHAT_OUTBOUND, queueReplies, threadMessages, type ChatMessage } from './message-store.server';
import { conversationById, type StoredConversation } from './conversation-store.server';
import { REPLY_WINDOW_MS, windowOpen } from './inbox.server';
import { publishConversation } from './publish.server';

/** What the open-protocol form starts with when an agent opens one from a chat. */
export interface ChatProtocolPrefill {
	conversation: string;
	/** The service the citizen chose with the bot, if they got that far. */
	service: string | null;
	description: string;
	name: string | null;
	phoneEnd: string;
}

async function conversationOf(deps: Deps, actor: Actor, id: string): Promise<StoredConversation> {
	authorize(actor, 'conversation:handle');
	const c = isUuid(id) ? await conversationById(deps.db, id) : undefined;
	if (!c) throw new VezError('not_found', 'No such conversation.');
	return c;
}

/** The service of the request the citizen is telling the bot about, or else the last one they picked from the bot's list. */
function chosenService(state: ConversationState, messages: readonly ChatMessage[]): string | null {
	const s = state.step;
	if ('draft' in s) return s.draft.service.code;
	if ('service' in s && typeof s.service === 'object') return s.service.code;
	const picked = messages
		.map((m) => (m.direction === 'in' ? (m.payload as Inbound) : null))
		.filter((i): i is Extract<Inbound, { kind: 'choice' }> => i?.kind === 'choice' && i.id.startsWith('s:'))
		.at(-1);
	return picked ? picked.id.slice(2) : null;
}

/** Words enough to describe something: greetings and "ok" stay out. */
const DESCRIBES = 3;

/**
 * The form's fields from the chat: the service chosen with the bot, what the citizen wrote in the
 * last day (their last eight messages of a few words; CPFs masked: the form asks for the CPF,
 * where it is checked), and the contact's name. An audited read.
 */
export async function chatProtocolPrefill(deps: Deps, actor: Actor, id: string): Promise<ChatProtocolPrefill> {
	const c = await conversationOf(deps, actor, id);
	const messages = await threadMessages(deps.db, c.id, 200);
	const since = (c.lastInboundAt?.getTime() ?? 0) - REPLY_WINDOW_MS;
	const description = messages
		.filter((m) => m.direction === 'in' && (m.payload as Inbound).kind === 'text' && m.createdAt.getTime() >= since)
		.map((m) => maskCpfsIn(m.body.trim()))
		.filter((text) => text.split(/\s+/).length >= DESCRIBES)
		.slice(-8)
		.join('\n');
	await auditPersonalReads(deps.db, actor, [{ entity: 'chat_contact', entityId: c.contactId, cpf: null, via: 'screen /protocolos/novo', details: { conversation: c.id } }]);
	return { conversation: c.id, service: chosenService(c.state, messages), description: description.slice(0, 4000), name: c.contact.name, phoneEnd: c.phone.slice(-4) };
}

/**
 * An agent opens a protocol for the citizen of a chat, through the same use case as every other
 * opening: the channel is WhatsApp and the citizen's phone is the chat's number (the agent never
 * sees it whole). Inside the 24-hour window the citizen gets the number and access code on the
 * chat at once, as when the bot opens one.
 */
export async function openProtocolFromChat(deps: Deps, actor: Actor, id: string, raw: Record<string, unknown>, origin: string, key: IdempotencyKey | null): Promise<OpenedProtocol> {
	const c = await conversationOf(deps, actor, id);
	const user = requireUser(actor);
	const citizen = raw.citizen && typeof raw.citizen === 'object' ? { ...raw.citizen, phone: c.phone } : undefined;
	const opened = await openProtocol(deps, actor, { ...raw, citizen, channel: 'whatsapp' }, origin, key);
	const now = deps.now();
	if (windowOpen(c.lastInboundAt, now)) {
		const lang = isLang(c.contact.lang) ? c.contact.lang : 'pt-BR';
		const body = BOT_TEXTS[lang].requestOpened({ number: opened.number, code: opened.accessCode, due: formatDate(opened.dueAt, lang, deps.config.cityZone), organ: opened.organ.name });
		await queueReplies(deps.db, c.id, [{ kind: 'text', body }], now, { author: 'agent', agentId: user.id });
		announceJobQueued(CHAT_OUTBOUND.kind);
		publishConversation(deps, c.id);
	}
	return opened;
}
