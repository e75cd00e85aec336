import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import type { RatingChannel } from '$lib/server/db/schema';
import { parse } from '$lib/server/http/validate';
import { invalidateSummary } from './summary-store.server';
import { insertRating } from './store.server';
import { ticketStanding, type TicketStanding } from '$lib/queue/ticket-store.server';
import { isPublicId } from '$lib/queue/ticket';
import type { StoredRating } from './views';


export const RateInput = z.object({
	score: z.number().int().min(1).max(5),
	// An empty comment is no comment; the bound keeps megabytes out of the database.
	comment: z
		.string()
		.trim()
		.max(1000)
		.nullish()
		.transform((c) => (c ? c : null))
});

/** Finds the ticket by its public id; a malformed or unknown id is simply not found. */
export async function findRatableTicket(deps: Deps, publicId: string): Promise<TicketStanding> {
	const ticket = isPublicId(publicId) ? await ticketStanding(deps.db, { publicId }) : undefined;
	if (!ticket) throw new VezError('ticket_not_found', 'No such ticket.');
	return ticket;
}

/** Stores the (parsed) rating of a found ticket: only once it is done, and only once (docs/api.md#queue). */
export async function storeRating(deps: Deps, ticket: TicketStanding, input: z.infer<typeof RateInput>, channel: RatingChannel): Promise<StoredRating> {
	// Only a finished service can be judged: a no-show or a cancelled ticket was never served.
	if (ticket.status !== 'done') throw new VezError('not_finished', 'The ticket can be rated once its service is finished.');
	const stored = await insertRating(deps.db, {
		of: { ticketId: ticket.id, clerkId: ticket.clerkId },
		unitId: ticket.unitId,
		serviceId: ticket.serviceId,
		counterId: ticket.counterId,
		score: input.score,
		comment: input.comment,
		channel,
		at: deps.now()
	});
	if (!stored) throw new VezError('already_rated', 'This ticket has already been rated.');
	// Rated days after its visit: the report reads that day from its tickets again.
	await invalidateSummary(deps.db, ticket.unitId, [ticket.day], deps.now());
	return { score: input.score, comment: input.comment, channel };
}

/**
 * `POST /tickets/{publicId}/rating`: public — the unguessable public id is the visitor's
 * credential. The rating is tied to the ticket's unit, service, counter and clerk.
 */
export async function rateTicket(deps: Deps, publicId: string, raw: unknown, channel: RatingChannel): Promise<StoredRating> {
	const input = parse(RateInput, raw);
	const ticket = await findRatableTicket(deps, publicId);
	return storeRating(deps, ticket, input, channel);
}
