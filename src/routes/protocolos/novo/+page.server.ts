import { openProtocol } from '$lib/requests/open-protocol.server';
import { protocolFormOptions } from '$lib/requests/protocol-form.server';
import { lookupCitizen } from '$lib/requests/citizen-lookup.server';
import { mailProtocolReceipt, printProtocolReceipt } from '$lib/requests/protocol-receipt.server';
import { forAction, forPage, formIdempotencyKey, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';
import { str } from '$lib/server/http/form';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		...(await protocolFormOptions(event.locals.deps, event.locals.actor)),
		unit: event.url.searchParams.get('unit') ?? '',
		ticket: event.url.searchParams.get('ticket') ?? '',
		fromCounter: event.url.searchParams.get('from') === 'counter'
	}));

const blank = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? undefined : String(v));

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
			mailed: await mailProtocolReceipt(locals.deps, locals.actor, str(form, 'number'), blank(form.get('email')), url.origin)
		}));
	},
	open: async (event) => {
		const { request, locals, url } = event;
		const form = await readForm(request);
		const anonymous = form.get('anonymous') === 'on';
		return forAction(async () => ({
			opened: await openProtocol(
				locals.deps,
				locals.actor,
				{
					service: str(form, 'service'),
					kind: str(form, 'kind'),
					description: str(form, 'description'),
					address: blank(form.get('address')),
					region: blank(form.get('region')),
					unit: blank(form.get('unit')),
					ticket: blank(form.get('ticket')),
					anonymous,
					citizen: anonymous
						? undefined
						: { cpf: str(form, 'cpf'), name: str(form, 'name'), email: blank(form.get('email')), phone: blank(form.get('phone')) }
				},
				url.origin,
				formIdempotencyKey(event, form)
			)
		}));
	}
};
