import { openProtocol } from '$lib/requests/open-protocol.server';
import { protocolFormOptions } from '$lib/requests/protocol-form.server';
import { lookupCitizen } from '$lib/requests/citizen-lookup.server';
import { mailProtocolReceipt, printProtocolReceipt } from '$lib/requests/protocol-receipt.server';
import { forAction, forPage, formIdempotencyKey, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { optional, str } from '$lib/server/http/form';
import { chatProtocolPrefill, openProtocolFromChat } from '$lib/conversations/protocol-from-chat.server';

/** `?conversation=<id>`: opened from a WhatsApp chat on /conversas, with its fields filled in. */
export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		...(await protocolFormOptions(event.locals.deps, event.locals.actor)),
		chat: event.url.searchParams.has('conversation') ? await chatProtocolPrefill(event.locals.deps, event.locals.actor, event.url.searchParams.get('conversation') ?? '') : null,
		unit: event.url.searchParams.get('unit') ?? '',
		ticket: event.url.searchParams.get('ticket') ?? '',
		fromCounter: event.url.searchParams.get('from') === 'counter'
	}));

export const actions: Actions = {
	// Staff only (the use case checks): the CPF travels in a POST body, never in an address.
	citizen: async ({ request, locals }) => {
		const form = await readForm(request);
		return forAction(async () => ({ citizen: await lookupCitizen(locals.deps, locals.actor, { cpf: str(form, 'cpf') }, 'screen /protocolos/novo') }));
	},
	print: async ({ request, locals, url }) => {
		const form = await readForm(request);
		return forAction(async () => ({ printed: await printProtocolReceipt(locals.deps, locals.actor, str(form, 'number'), url.origin) }));
	},
	mail: async ({ request, locals, url }) => {
		const form = await readForm(request);
		return forAction(async () => ({
			mailed: await mailProtocolReceipt(locals.deps, locals.actor, str(form, 'number'), optional(form, 'email'), url.origin)
		}));
	},
	open: async (event) => {
		const { request, locals, url } = event;
		const form = await readForm(request);
		const anonymous = form.get('anonymous') === 'on';
		const input = {
			service: str(form, 'service'),
			kind: str(form, 'kind'),
			description: str(form, 'description'),
			address: optional(form, 'address'),
			region: optional(form, 'region'),
			unit: optional(form, 'unit'),
			ticket: optional(form, 'ticket'),
			anonymous,
			citizen: anonymous ? undefined : { cpf: str(form, 'cpf'), name: str(form, 'name'), email: optional(form, 'email'), phone: optional(form, 'phone') }
		};
		const key = formIdempotencyKey(event, form);
		const conversation = optional(form, 'conversation');
		return forAction(async () => ({
			opened: conversation
				? await openProtocolFromChat(locals.deps, locals.actor, conversation, input, url.origin, key)
				: await openProtocol(locals.deps, locals.actor, input, url.origin, key)
		}));
	}
};
