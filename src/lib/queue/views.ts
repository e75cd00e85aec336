import { DateTime } from 'luxon';
import type { TicketStatus } from './ticket';

export interface PublicTicketInput {
	readonly ticket: { readonly number: string; readonly status: TicketStatus };
	readonly service: { readonly code: string; readonly name: string };
	readonly unit: { readonly slug: string; readonly name: string; readonly timezone: string };
	/** Tickets ahead under the ordering policy; only meaningful while waiting. */
	readonly position: number | null;
	readonly estimatedWaitMinutes: number | null;
	readonly estimatedWait: { readonly low: number; readonly high: number } | null;
	/** The Carta de Serviços' expected waiting time for the service (minutes). */
	readonly promisedWaitMinutes: number | null;
	readonly counter?: { readonly number: number; readonly name: string } | null;
	readonly calledAt?: Date | null;
	/** A remote ticket whose visitor has not checked in yet. */
	readonly awaitingArrival?: boolean;
}

/** `GET /api/v1/tickets/{publicId}` and the `ticket` event (API.md). */
export interface PublicTicketView {
	readonly number: string;
	readonly status: TicketStatus;
	readonly service: { readonly code: string; readonly name: string };
	readonly unit: { readonly slug: string; readonly name: string };
	readonly position: number | null;
	/** The middle of the forecast (p50), in minutes. */
	readonly estimatedWaitMinutes: number | null;
	/** The range shown, in minutes; it narrows as the call nears. */
	readonly estimatedWait: { readonly low: number; readonly high: number } | null;
	readonly promisedWaitMinutes: number | null;
	readonly counter?: { readonly number: number; readonly name: string };
	/** ISO 8601 with the unit's offset. */
	readonly calledAt?: string;
	/** A remote ticket not yet arrived: it keeps its place (`position` is the place on arriving now) but is not called until it checks in. */
	readonly awaitingArrival: boolean;
}

const AT_A_COUNTER: readonly TicketStatus[] = ['called', 'serving', 'done', 'no_show'];

/**
 * Public rooms and pages carry no personal data (STYLE.md): every field is picked by name,
 * never spread; position and estimate only while waiting, the counter only once it called.
 */
export function publicTicketView(input: PublicTicketInput): PublicTicketView {
	const { ticket, service, unit, counter, calledAt } = input;
	const waiting = ticket.status === 'waiting';
	const atCounter = AT_A_COUNTER.includes(ticket.status);
	return {
		number: ticket.number,
		status: ticket.status,
		service: { code: service.code, name: service.name },
		unit: { slug: unit.slug, name: unit.name },
		position: waiting ? input.position : null,
		estimatedWaitMinutes: waiting ? input.estimatedWaitMinutes : null,
		estimatedWait: waiting && input.estimatedWait ? { low: input.estimatedWait.low, high: input.estimatedWait.high } : null,
		promisedWaitMinutes: input.promisedWaitMinutes,
		awaitingArrival: waiting && input.awaitingArrival === true,
		...(atCounter && counter ? { counter: { number: counter.number, name: counter.name } } : {}),
		...(atCounter && calledAt
			? { calledAt: DateTime.fromJSDate(calledAt, { zone: unit.timezone }).toISO({ includeOffset: true }) ?? calledAt.toISOString() }
			: {})
	};
}
