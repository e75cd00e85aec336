import { redirect } from '@sveltejs/kit';
import { auditChoices, auditCitizenFilter, searchAudit } from '$lib/audit/audit.server';
import { str } from '$lib/server/http/form';
import { forAction, forPage, readForm } from '$lib/server/http/page';
import type { Actions, PageServerLoad } from './$types';

const FILTERS = ['entity', 'entityId', 'actor', 'action', 'citizen', 'from', 'to'] as const;

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const q = event.url.searchParams;
		const filter = Object.fromEntries(FILTERS.map((k) => [k, q.get(k)?.trim() || undefined]));
		return {
			filter,
			entries: await searchAudit(event.locals.deps, event.locals.actor, filter),
			...(await auditChoices(event.locals.deps, event.locals.actor))
		};
	});

export const actions: Actions = {
	// The CPF comes in a POST body and leaves as its keyed reference: the address never holds it.
	citizen: async ({ request, locals }) => {
		const form = await readForm(request);
		const ref = await forAction(() => auditCitizenFilter(locals.deps, locals.actor, { cpf: str(form, 'cpf') }));
		if (typeof ref !== 'string') return ref;
		redirect(303, `/admin/audit?citizen=${ref}`);
	}
};
