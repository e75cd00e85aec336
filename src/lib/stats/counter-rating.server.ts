import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { findRatableTicket, RateInput, storeRating } from './rate-ticket.server';
import { counterById } from '$lib/units/store.server';
import { unratedFinishedAtCounter } from './store.server';
import { isUuid } from '$lib/server/http/validate';
import type { CounterRatingView, StoredRating } from './views';

/**
 * How long after a finish the desk tablet keeps asking: long enough to stand up and tap a face,
 * short enough that the next citizen never sees the previous one's screen.
 */
export const TABLET_WINDOW_SECONDS = 180;

export const CounterRateInput = RateInput.extend({ ticket: z.string().min(1).max(64) });

/** The tablet may show what a panel or kiosk of the unit, or its staff, may see. */
async function counterFor(deps: Deps, actor: Actor, counterId: string) {
	const counter = isUuid(counterId) ? await counterById(deps.db, counterId) : undefined;
	if (!counter) throw new VezError('counter_not_found', 'No such counter.');
	authorize(actor, 'calls:read', { unitId: counter.unitId });
	return counter;
}

/** `GET /counters/{id}/rating`: the ticket just finished at this desk, for its rating tablet. */
export async function counterRating(deps: Deps, actor: Actor, counterId: string): Promise<CounterRatingView> {
	const counter = await counterFor(deps, actor, counterId);
	const since = new Date(deps.now().getTime() - TABLET_WINDOW_SECONDS * 1000);
	const pending = await unratedFinishedAtCounter(deps.db, counter.id, since);
	return {
		counter: { number: counter.number, name: counter.name },
		ticket: pending ? { publicId: pending.publicId, number: pending.number, service: pending.service } : null
	};
}

/** `POST /counters/{id}/rating`: the citizen rates at the desk; only a ticket served at this counter. */
export async function rateAtCounter(deps: Deps, actor: Actor, counterId: string, raw: unknown): Promise<StoredRating> {
	const input = parse(CounterRateInput, raw);
	const counter = await counterFor(deps, actor, counterId);
	const ticket = await findRatableTicket(deps, input.ticket);
	if (ticket.counterId !== counter.id) throw new VezError('ticket_not_found', 'No such ticket at this counter.');
	return storeRating(deps, ticket, input, 'counter_tablet');
}
