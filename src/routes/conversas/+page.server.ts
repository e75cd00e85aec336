import { conversationInbox, conversationThread } from '$lib/conversations/inbox.server';
import { takeConversation } from '$lib/conversations/take-conversation.server';
import { replyToConversation } from '$lib/conversations/reply-conversation.server';
import { handBackConversation } from '$lib/conversations/hand-back-conversation.server';
import { reopenConversation } from '$lib/conversations/reopen-conversation.server';
import { CONVERSATIONS_ROOM } from '$lib/conversations/publish.server';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import { str } from '$lib/server/http/form';
import type { Actions, PageServerLoad } from './$types';

/** The list and the chat chosen with `?c=<id>`; `vez:conversations` re-runs on every live hint. */
export const load: PageServerLoad = (event) => {
	event.depends('vez:conversations');
	return forPage(event, async () => {
		const { deps, actor } = event.locals;
		const chosen = event.url.searchParams.get('c');
		return {
			conversations: await conversationInbox(deps, actor),
			thread: chosen ? await conversationThread(deps, actor, chosen) : null,
			room: CONVERSATIONS_ROOM
		};
	});
};

export const actions: Actions = {
	take: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await takeConversation(locals.deps, locals.actor, str(form, 'id'));
			return { taken: true };
		});
	},
	reply: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await replyToConversation(locals.deps, locals.actor, str(form, 'id'), { text: str(form, 'text') });
			return { sent: true };
		});
	},
	reopen: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await reopenConversation(locals.deps, locals.actor, str(form, 'id'));
			return { reopened: true };
		});
	},
	handback: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => {
			await handBackConversation(locals.deps, locals.actor, str(form, 'id'));
			return { handedBack: true };
		});
	}
};
