import { redirect } from '@sveltejs/kit';
import { bookAppointment } from '$lib/appointments/book.server';
import { bookableServices, bookableUnits } from '$lib/appointments/booking-views.server';
import { freeDays, slotsOfDate } from '$lib/appointments/capacity.server';
import { offeredService } from '$lib/appointments/store.server';
import { serviceEntry } from '$lib/catalogue/catalogue-views.server';
import { forAction, forPage, formIdempotencyKey, readForm, withTyped } from '$lib/server/http/page';
import { str } from '$lib/server/http/form';
import { unitBySlug } from '$lib/units/store.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * The booking wizard, one step per query parameter so it works without JavaScript:
 * ?q → service → unit → date → start → the identification form.
 */
export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const deps = event.locals.deps;
		const p = event.url.searchParams;
		const q = (p.get('q') ?? '').slice(0, 200);
		const serviceCode = p.get('service');
		if (!serviceCode) return { step: 'service' as const, q, services: await bookableServices(deps, q) };
		const service = await serviceEntry(deps, serviceCode);
		const chosenService = { code: service.code, name: service.name };
		const unitSlug = p.get('unit');
		if (!unitSlug) return { step: 'unit' as const, service: chosenService, units: await bookableUnits(deps, service.code) };
		const unit = await unitBySlug(deps.db, unitSlug);
		const offered = await offeredService(deps.db, unit.id, service.code);
		const chosenUnit = { slug: unit.slug, name: unit.name, address: unit.address, timezone: unit.timezone };
		const date = p.get('date');
		if (!date) return { step: 'day' as const, service: chosenService, unit: chosenUnit, days: await freeDays(deps, unit, offered.id) };
		const start = p.get('start');
		if (!start) return { step: 'slot' as const, service: chosenService, unit: chosenUnit, date, slots: (await slotsOfDate(deps, unit.slug, service.code, date)).filter((s) => s.free > 0) };
		return { step: 'you' as const, service: chosenService, unit: chosenUnit, date, start };
	});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		const field = (k: string) => str(form, k);
		const typed = { cpf: field('cpf'), name: field('name'), email: field('email'), phone: field('phone') };
		const result = await forAction(() =>
			bookAppointment(
				event.locals.deps,
				event.locals.actor,
				{
					unit: field('unit'),
					service: field('service'),
					start: field('start'),
					citizen: typed
				},
				event.url.origin,
				event.getClientAddress(),
				formIdempotencyKey(event, form)
			)
		);
		if ('manageUrl' in result) redirect(303, `${new URL(result.manageUrl).pathname}?new=1`);
		// A refusal keeps every typed field, so one wrong digit never means typing it all again.
		return withTyped(result, typed);
	}
};
