import { z } from 'zod';
import { WEEKDAYS } from './hours';

/** `GET /units`: a unit as the public sees it, with whether it takes tickets right now. */
export const UnitView = z.object({
	slug: z.string(),
	name: z.string(),
	address: z.string(),
	region: z.string(),
	timezone: z.string().meta({ examples: ['America/Sao_Paulo'] }),
	open: z.boolean(),
	hours: z
		.partialRecord(z.enum(WEEKDAYS), z.array(z.tuple([z.string(), z.string()])))
		.meta({ description: 'Weekly hours in the unit\'s zone, e.g. {"mon": [["08:00","17:00"]]}' })
});
export type UnitView = z.infer<typeof UnitView>;

/** `GET /priorities`: a priority group a kiosk offers; `normal` has weight 0. */
export const PriorityView = z.object({
	code: z.string(),
	name: z.string(),
	weight: z.number().int(),
	requiresDocument: z.boolean(),
	legalBasis: z.string()
});
export type PriorityView = z.infer<typeof PriorityView>;
