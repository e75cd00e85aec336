import { openProtocol } from '$lib/requests/open-protocol.server';
import { protocolFormOptions } from '$lib/requests/protocol-form.server';
import { forAction, forPage } from '$lib/server/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => ({
		...(await protocolFormOptions(event.locals.deps, event.locals.actor)),
		unit: event.url.searchParams.get('unit') ?? '',
		ticket: event.url.searchParams.get('ticket') ?? ''
	}));

const blank = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? undefined : String(v));

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const form = await request.formData();
		const anonymous = form.get('anonymous') === 'on';
		return forAction(async () => ({
			opened: await openProtocol(
				locals.deps,
				locals.actor,
				{
					service: String(form.get('service') ?? ''),
					kind: String(form.get('kind') ?? ''),
					description: String(form.get('description') ?? ''),
					address: blank(form.get('address')),
					region: blank(form.get('region')),
					unit: blank(form.get('unit')),
					ticket: blank(form.get('ticket')),
					anonymous,
					citizen: anonymous
						? undefined
						: { cpf: String(form.get('cpf') ?? ''), name: String(form.get('name') ?? ''), email: blank(form.get('email')), phone: blank(form.get('phone')) }
				},
				url.origin
			)
		}));
	}
};
