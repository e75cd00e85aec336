import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { unitsBookingService } from '$lib/appointments/store.server';
import { loadQueueState } from '$lib/queue/queue-state.server';
import { acceptsTicketsAt } from '$lib/units/hours';
import { deadlineOf, howToRequest } from './carta';
import { normaliseQuery } from './search';
import { allServices, searchServiceRows, serviceByCode, themes, unitsOffering, type ServiceSummaryRow } from './store.server';
import type { ServiceEntry, ServiceSummary, UnitOffer } from './views';

export type { ServiceSummary };

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

function summary(row: ServiceSummaryRow): ServiceSummary {
	return {
		code: row.code,
		name: row.name,
		theme: row.theme,
		subject: row.subject,
		description: row.description,
		keywords: keywordsOf(row.keywords),
		channels: row.channels,
		deadline: deadlineOf(row.deadline_amount, row.deadline_unit),
		anonymousAllowed: row.anonymous_allowed,
		organ: { code: row.organCode, name: row.organName, acronym: row.organAcronym }
	};
}

/** `GET /services?q=&theme=`: the catalogue, searched forgiving accents and typos, or browsed whole (by theme → subject → name). */
export async function searchServices(deps: Deps, raw: unknown): Promise<ServiceSummary[]> {
	const input = parse(SearchInput, raw);
	const theme = input.theme || undefined;
	const query = normaliseQuery(input.q);
	const rows = query.words.length ? await searchServiceRows(deps.db, query, theme) : await allServices(deps.db, theme);
	return rows.map(summary);
}

/** The themes the catalogue groups its services under. */
export async function catalogueThemes(deps: Deps): Promise<string[]> {
	return themes(deps.db);
}

/** `GET /services/{code}`: every Carta field, the units offering it with their current wait, and how to ask for it. */
export async function serviceEntry(deps: Deps, code: string, now: Date = deps.now()): Promise<ServiceEntry> {
	const row = code.length <= 80 ? await serviceByCode(deps.db, code) : undefined;
	if (!row) throw new VezError('service_not_found', `Service ${code} does not exist.`);
	const offers = await unitsOffering(deps.db, row.id);
	const booking = await unitsBookingService(deps.db, row.id);
	const unitsBooking = offers.filter((u) => booking.has(u.id)).length;
	const units = await Promise.all(
		offers.map(async (unit): Promise<UnitOffer> => {
			const queue = (await loadQueueState(deps.db, unit, now, { id: row.id, code: row.code, expectedServiceMinutes: row.expected_service_minutes })).get(row.code);
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
				estimatedWaitMinutes: queue?.estimateForNewMinutes ?? row.expected_wait_minutes,
				estimatedWait: queue ? { low: queue.estimateForNew.low, high: queue.estimateForNew.high } : { low: row.expected_wait_minutes, high: row.expected_wait_minutes }
			};
		})
	);
	return {
		...summary(row),
		audience: row.audience,
		requirements: row.requirements,
		documents: row.documents,
		steps: row.steps,
		delivery: row.delivery,
		fees: row.fees,
		legalBasis: row.legal_basis,
		expectedWaitMinutes: row.expected_wait_minutes,
		expectedServiceMinutes: row.expected_service_minutes,
		complaints: row.complaints,
		units,
		request: howToRequest(row.channels, units.length, unitsBooking)
	};
}
