import type { Deps } from '$lib/server/deps';
import type { RetryPolicy } from '$lib/jobs/retry';
import { failAttempt, finishJob } from '$lib/jobs/store.server';
import { drainPasses, startJobRunner } from '$lib/jobs/runner.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { isOpenAt } from '$lib/units/hours';
import { step, type ConversationState, type Effect, type Inbound, type MachineContext, type Output, type Reply } from './machine';
import { describeHours } from './chat-settings';
import { answerAsk, type ChatCitizen } from './facts.server';
import { CHAT_INBOUND, CHAT_OUTBOUND, claimInbound, queueReplies, type ChatMessage } from './message-store.server';
import { conversationById, restartContact, updateConversation } from './conversation-store.server';
import { updateContact } from './contact-store.server';
import { unsubscribeAll } from './broadcast-store.server';
import { publishConversation } from './publish.server';
import { subscribe } from './broadcasts.server';
import { lockConversation } from './take-conversation.server';

/** A message the bot could not handle is tried again a few times, then left for the agents to see. */
const INBOUND_RETRY: RetryPolicy = { delaysSeconds: [2, 10, 60], jitter: 0.2 };
const LEASE_MS = 60_000;
const BATCH = 20;
/** An ask is answered at most this many times per message (the machine asks once; this bounds a bug). */
const MAX_ASKS = 3;

/** The message's lease ran out and another runner claimed it: this turn rolls back. */
class LeaseLost extends Error {}

/** What the bot knows of the outside at this moment: the people's hours, the booking link, the zone. */
export function machineContext(deps: Deps, lang: string): MachineContext {
	const hours = deps.config.chat.agentHours;
	const now = deps.now();
	return {
		humansOpen: hours === null || isOpenAt(hours, deps.config.cityZone, now),
		humanHours: hours ? describeHours(hours, lang) : '',
		bookUrl: `${(deps.config.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '')}/book`,
		zone: deps.config.cityZone
	};
}

/** Runs the machine on one message (`turn`: its row id), answering its asks through the use cases; the replies of every round, in order. */
async function converse(deps: Deps, state: ConversationState, input: Inbound, citizen: ChatCitizen, turn: string): Promise<Output> {
	const ctx = machineContext(deps, state.lang);
	let o = step(state, input, ctx);
	const replies: Reply[] = [...o.replies];
	const effects: Effect[] = o.effects.filter((e) => e.kind !== 'ask');
	for (let i = 0; i < MAX_ASKS; i++) {
		const ask = o.effects.find((e) => e.kind === 'ask');
		if (!ask || ask.kind !== 'ask') break;
		const result = await answerAsk(deps, ask.ask, citizen, turn);
		o = step(o.state, { kind: 'result', result }, ctx);
		replies.push(...o.replies);
		effects.push(...o.effects.filter((e) => e.kind !== 'ask'));
	}
	return { state: o.state, replies, effects };
}

/**
 * The bot's turn on one citizen's message: the machine decides, the asks are answered, and then
 * one transaction saves the state, the contact's changes and the replies to send (the outbox), and
 * marks the message handled. A conversation a person holds still goes through the machine, which
 * stays silent there but for "menu" and "sair".
 */
async function handleOne(deps: Deps, m: ChatMessage): Promise<'handled' | 'gone'> {
	const c = await conversationById(deps.db, m.conversationId);
	if (!c) return 'gone';
	const input = m.payload as Inbound;
	const o = await converse(deps, c.state, input, { contactId: c.contactId, phone: c.phone, name: c.contact.name, lang: c.state.lang }, m.id);
	const now = deps.now();
	await deps.db.transaction().execute(async (trx) => {
		// An agent may have taken (or handed back) the chat while the bot was thinking: the row as it
		// is now wins, so a take is never undone; the bot's replies still go out.
		const current = await lockConversation(trx, c.id);
		const heldMeanwhile = current.status !== c.status || current.agentId !== c.agentId;
		let status = current.status;
		let agentId = current.agentId;
		let waitingSince: Date | null | undefined;
		for (const e of o.effects) {
			if (heldMeanwhile && (e.kind === 'handoff' || e.kind === 'handback')) continue;
			if (e.kind === 'consent') await updateContact(trx, c.contactId, { consentText: e.text, consentAt: now, lang: o.state.lang, updatedAt: now });
			if (e.kind === 'save_contact') await updateContact(trx, c.contactId, { name: e.contact.name, neighbourhood: e.contact.neighbourhood, lang: o.state.lang, updatedAt: now });
			if (e.kind === 'handoff' && status === 'bot') [status, waitingSince] = ['waiting', now];
			if (e.kind === 'handback') [status, agentId, waitingSince] = ['bot', null, null];
			if (e.kind === 'subscribe') await subscribe(trx, c.contactId, e.target, now);
			if (e.kind === 'unsubscribe') await unsubscribeAll(trx, c.contactId);
		}
		if (o.effects.some((e) => e.kind === 'erase_contact')) {
			// LGPD art. 18 VI: the contact, the conversation and its messages go; protocols stay (their own retention).
			const conversationId = await restartContact(trx, c.contactId, c.phone, o.state, now);
			await queueReplies(trx, conversationId, o.replies, now);
			return;
		}
		await updateConversation(trx, c.id, { state: heldMeanwhile ? current.state : o.state, status, agentId, waitingSince, ...(status === 'bot' ? { takenAt: null } : {}) });
		if (o.state.lang !== c.contact.lang) await updateContact(trx, c.contactId, { lang: o.state.lang });
		await queueReplies(trx, c.id, o.replies, now);
		// Another runner took this message after our lease ran out: its turn wins, ours leaves nothing.
		if (!(await finishJob(trx, CHAT_INBOUND, m, { status: 'done', at: now }))) throw new LeaseLost();
	});
	if (o.replies.length) announceJobQueued(CHAT_OUTBOUND.kind);
	publishConversation(deps, c.id);
	return 'handled';
}

export interface HandleReport {
	claimed: number;
	handled: number;
	failed: number;
}

/** Handles the due messages once, each conversation's earliest first; safe in several processes at once. */
export async function handleChatMessages(deps: Deps, { limit = BATCH }: { limit?: number } = {}): Promise<HandleReport> {
	const now = deps.now();
	const due = await claimInbound(deps.db, now, new Date(now.getTime() + LEASE_MS), limit);
	const report: HandleReport = { claimed: due.length, handled: 0, failed: 0 };
	for (const m of due) {
		try {
			await handleOne(deps, m);
			report.handled += 1;
		} catch (e) {
			if (e instanceof LeaseLost) {
				deps.log.info('chat message taken over by another runner', { message: m.id });
				continue;
			}
			const error = e instanceof Error ? e.message : String(e);
			deps.log.error('chat message not handled', { message: m.id, error });
			await failAttempt(deps.db, CHAT_INBOUND, INBOUND_RETRY, m, { error, now: deps.now() });
			report.failed += 1;
		}
	}
	return report;
}

/** Passes until no message waits: each pass takes one message per conversation. */
export function drainChatMessages(deps: Deps): Promise<HandleReport> {
	return drainPasses(() => handleChatMessages(deps), (r) => r.claimed > 0, 50);
}

export function startChatRunner(deps: Deps, intervalMs = 1000): () => Promise<void> {
	return startJobRunner({ kind: CHAT_INBOUND.kind, intervalMs, log: deps.log, drain: async () => (await drainChatMessages(deps)).claimed });
}
