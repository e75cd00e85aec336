import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { unitsBookingService } from '$lib/appointments/store.server';
import { loadQueueState } from '$lib/queue/queue-state.server';
import { acceptsTicketsAt } from '$lib/units/hours';
import { unitsOffering } from '$lib/units/store.server';
import { deadlineOf, howToRequest } from './carta';
import { normaliseQuery } from './search';
import { allServices, matchingServices, serviceByCode, themes, type ServiceSummaryRecord } from './store.server';
import type { ServiceEntry, ServiceSummary, UnitOffer } from './views';


export const SearchInput = z.object({
	q: z.string().max(200).optional().meta({ description: 'Search words, e.g. `alvara`, `poda arvore`' }),
	theme: z.string().trim().max(100).optional().meta({ description: 'Only this theme (exact)' })
});

function keywordsOf(raw: string): string[] {
	return raw
		.split(',')
		.map((k) => k.trim())
		.filter((k) => k.length > 0);
}

function summary(s: ServiceSummaryRecord): ServiceSummary {
	return {
		code: s.code,
		name: s.name,
		theme: s.theme,
		subject: s.subject,
		description: s.description,
		keywords: keywordsOf(s.keywords),
		channels: s.channels,
		deadline: deadlineOf(s.deadlineAmount, s.deadlineUnit),
		anonymousAllowed: s.anonymousAllowed,
		organ: s.organ
	};
}

/** `GET /services?q=&theme=`: the catalogue, searched forgiving accents and typos, or browsed whole (by theme → subject → name). */
export async function searchServices(deps: Deps, raw: unknown): Promise<ServiceSummary[]> {
	const input = parse(SearchInput, raw);
	const theme = input.theme || undefined;
	const query = normaliseQuery(input.q);
	const rows = query.words.length ? await matchingServices(deps.db, query, theme) : await allServices(deps.db, theme);
	return rows.map(summary);
}

/** The themes the catalogue groups its services under. */
export async function catalogueThemes(deps: Deps): Promise<string[]> {
	return themes(deps.db);
}

/** `GET /services/{code}`: every Carta field, the units offering it with their current wait, and how to ask for it. */
export async function serviceEntry(deps: Deps, code: string, now: Date = deps.now()): Promise<ServiceEntry> {
	const service = code.length <= 80 ? await serviceByCode(deps.db, code) : undefined;
	if (!service) throw new VezError('service_not_found', `Service ${code} does not exist.`);
	const offers = await unitsOffering(deps.db, service.id);
	const booking = await unitsBookingService(deps.db, service.id);
	const unitsBooking = offers.filter((u) => booking.has(u.id)).length;
	const units = await Promise.all(
		offers.map(async (unit): Promise<UnitOffer> => {
			const queue = (await loadQueueState(deps.db, unit, now, { id: service.id, code: service.code, expectedServiceMinutes: service.expectedServiceMinutes })).get(service.code);
			return {
				slug: unit.slug,
				name: unit.name,
				address: unit.address,
				region: unit.region,
				prefix: unit.prefix,
				allowsPriority: unit.allowsPriority,
				open: acceptsTicketsAt(unit, now),
				waiting: queue?.order.length ?? 0,
				openCounters: queue?.openCounters ?? 0,
				estimatedWaitMinutes: queue?.estimateForNewMinutes ?? service.expectedWaitMinutes,
				estimatedWait: queue ? { low: queue.estimateForNew.low, high: queue.estimateForNew.high } : { low: service.expectedWaitMinutes, high: service.expectedWaitMinutes }
			};
		})
	);
	return {
		...summary(service),
		audience: service.audience,
		requirements: service.requirements,
		documents: service.documents,
		steps: service.steps,
		delivery: service.delivery,
		fees: service.fees,
		legalBasis: service.legalBasis,
		expectedWaitMinutes: service.expectedWaitMinutes,
		expectedServiceMinutes: service.expectedServiceMinutes,
		complaints: service.complaints,
		units,
		request: howToRequest(service.channels, units.length, unitsBooking)
	};
}
