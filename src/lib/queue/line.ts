import { shownWait, type ServiceQueue } from './snapshot';

/**
 * A waiting ticket in the `line` event: its number and the forecast shown for it, in minutes
 * (the middle, then the range). Tuples, not objects: a unit with 2,000 waiting sends 2,000 of
 * them to every phone of the unit on each beat.
 */
export type LineEntry = readonly [number: string, minutes: number, low: number, high: number];

/** A remote ticket not yet arrived: its number, the people ahead of the place it keeps, its forecast. */
export type AwaitingEntry = readonly [number: string, ahead: number, minutes: number, low: number, high: number];

export interface LineService {
	readonly code: string;
	/** The service's waiting tickets in call order under the ordering policy: the index is the people ahead. */
	readonly order: readonly LineEntry[];
	readonly awaiting: readonly AwaitingEntry[];
}

/**
 * The `line` event to the room `line:<unit>`: every waiting ticket's place and forecast in one
 * message per unit and beat, from which each ticket page reads its own ({@link placeInLine}).
 * Ticket numbers are public (the panel calls them aloud); nothing else about a ticket is here.
 */
export interface LinePayload {
	readonly unit: string;
	readonly services: readonly LineService[];
}

/** What a ticket page shows of its place: the same figures as the ticket's public view. */
export interface LinePlace {
	readonly position: number;
	readonly estimatedWaitMinutes: number;
	readonly estimatedWait: { readonly low: number; readonly high: number };
}

/** The `line` event of a unit's projected queues: for each waiting ticket, the place and forecast its page shows (placeOf). */
export function lineOf(unitSlug: string, state: ReadonlyMap<string, ServiceQueue>): LinePayload {
	return {
		unit: unitSlug,
		services: [...state.values()].map((queue) => ({
			code: queue.service.code,
			order: queue.order.map((pick, position): LineEntry => {
				const wait = shownWait(queue, pick.ticket.id, position);
				return [pick.ticket.number, wait.minutes, wait.low, wait.high];
			}),
			awaiting: [...queue.awaiting].map(([id, { number, ahead }]): AwaitingEntry => {
				const wait = shownWait(queue, id, ahead);
				return [number, ahead, wait.minutes, wait.low, wait.high];
			})
		}))
	};
}

/**
 * A ticket's place read from its unit's `line` event; null when the line does not list it in
 * that service (it is no longer waiting, or waits in another service since a transfer the line
 * predates): the page then keeps what it shows until its own `ticket` event. Numbers restart
 * each day, so two waiting tickets of one service share a number only when one was left from an
 * earlier day; the first listed is taken.
 */
export function placeInLine(line: LinePayload, ticket: { readonly unit: string; readonly service: string; readonly number: string }): LinePlace | null {
	if (line.unit !== ticket.unit) return null;
	const service = line.services.find((s) => s.code === ticket.service);
	if (!service) return null;
	const position = service.order.findIndex(([number]) => number === ticket.number);
	if (position !== -1) {
		const [, minutes, low, high] = service.order[position];
		return { position, estimatedWaitMinutes: minutes, estimatedWait: { low, high } };
	}
	const kept = service.awaiting.find(([number]) => number === ticket.number);
	if (!kept) return null;
	const [, ahead, minutes, low, high] = kept;
	return { position: ahead, estimatedWaitMinutes: minutes, estimatedWait: { low, high } };
}
