import { z } from 'zod';
import { WaitRange } from '$lib/api/wire';

/** The organ answering for a service. */
export const OrganRef = z.object({ code: z.string(), name: z.string(), acronym: z.string() });

/** One line of the catalogue: what a result list, a theme page and Open311's service list show. */
export const ServiceSummary = z.object({
	code: z.string(),
	name: z.string(),
	theme: z.string(),
	subject: z.string(),
	description: z.string(),
	keywords: z.array(z.string()),
	channels: z.array(z.string()).meta({ examples: [['presencial', 'web']] }),
	deadline: z
		.object({
			amount: z.number().int(),
			unit: z.enum(['minutes', 'hours', 'days', 'calendar_days', 'business_days', 'months']),
			text: z.string().meta({ description: 'In words, e.g. "até 30 dias corridos"' })
		})
		.nullable(),
	anonymousAllowed: z.boolean(),
	organ: OrganRef
});
export type ServiceSummary = z.infer<typeof ServiceSummary>;

/** A unit offering a service, with the wait a ticket taken now would face. */
export const UnitOffer = z.object({
	slug: z.string(),
	name: z.string(),
	address: z.string(),
	region: z.string(),
	prefix: z.string(),
	allowsPriority: z.boolean(),
	open: z.boolean(),
	waiting: z.number().int(),
	openCounters: z.number().int(),
	estimatedWaitMinutes: z
		.number()
		.int()
		.meta({ description: "The wait a ticket taken now faces: the middle (p50) of the forecast; the service's committed wait when no counter serves it" }),
	estimatedWait: WaitRange
});
export type UnitOffer = z.infer<typeof UnitOffer>;

/** `GET /services/{code}`: the full Carta de Serviços entry (Lei 13.460/2017, art. 7) with where and how to ask for it. */
export const ServiceEntry = ServiceSummary.extend({
	audience: z.string(),
	requirements: z.string(),
	documents: z.array(z.string()),
	steps: z.array(z.string()),
	delivery: z.string(),
	fees: z.string(),
	legalBasis: z.string(),
	expectedWaitMinutes: z.number().int(),
	expectedServiceMinutes: z.number().int(),
	complaints: z.string(),
	units: z.array(UnitOffer),
	request: z.object({
		inPerson: z.boolean().meta({ description: "At a unit's counter: some active unit offers it with a ticket prefix" }),
		online: z.boolean().meta({ description: 'On the portal or app, which opens a protocol' }),
		bookable: z.boolean().meta({ description: 'By appointment: some unit offering it has appointment capacity for it' })
	})
});
export type ServiceEntry = z.infer<typeof ServiceEntry>;
