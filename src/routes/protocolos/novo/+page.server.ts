import { newProtocolForm, openNewProtocol } from '$lib/conversations/new-protocol.server';
import { lookupCitizen } from '$lib/requests/citizen-lookup.server';
import { mailProtocolReceipt, printProtocolReceipt } from '$lib/requests/protocol-receipt.server';
import { forAction, forPage, formIdempotencyKey, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { bool, optional, str } from '$lib/server/http/form';

/** `?conversation=<id>`: opened from a WhatsApp chat on /conversas, with its fields filled in. */
export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		...(await newProtocolForm(event.locals.deps, event.locals.actor, event.url.searchParams.get('conversation'))),
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
		const anonymous = bool(form, 'anonymous');
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
		return forAction(async () => ({ opened: await openNewProtocol(locals.deps, locals.actor, optional(form, 'conversation'), input, url.origin, key) }));
	}
};
