import { DateTime } from 'luxon';
import { z } from 'zod';
import { isoTime, WaitRange } from '$lib/api/wire';
import { TICKET_STATUSES, type TicketStatus } from './ticket';

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

const serviceRef = z.object({ code: z.string(), name: z.string() });

/** `GET /api/v1/tickets/{publicId}` and the `ticket` event (docs/api.md#realtime): nothing that names the visitor. */
export const PublicTicketView = z.object({
	number: z.string().meta({ examples: ['A001'] }),
	status: z.enum(TICKET_STATUSES),
	service: serviceRef,
	unit: z.object({ slug: z.string(), name: z.string() }),
	/** Tickets ahead under the ordering policy; only while waiting. */
	position: z.number().int().min(0).nullable(),
	estimatedWaitMinutes: z.number().int().nullable().meta({ description: 'While waiting: the middle (p50) of the forecast, recomputed live' }),
	estimatedWait: WaitRange.nullable().meta({ description: 'The range shown, in minutes; it narrows as the call nears' }),
	promisedWaitMinutes: z.number().int().nullable().meta({ description: "The Carta de Serviços' expected waiting time" }),
	counter: z.object({ number: z.number().int(), name: z.string() }).optional().meta({ description: 'Once called' }),
	calledAt: isoTime.optional().meta({ description: "ISO 8601 with the unit's offset, once called" }),
	awaitingArrival: z
		.boolean()
		.meta({ description: 'A remote ticket not yet arrived: it keeps its place (`position` is the place on arriving now) but is not called until it checks in' })
});
export type PublicTicketView = z.infer<typeof PublicTicketView>;

/** `GET /tickets/{publicId}`: the public view and the id it was asked by. */
export const PublicTicketAnswer = PublicTicketView.extend({ publicId: z.string() });
export type PublicTicketAnswer = z.infer<typeof PublicTicketAnswer>;

/** `GET /units/{unit}/services`: a service a kiosk offers, with its queue and the wait a new ticket faces. */
export const UnitServiceView = z.object({
	code: z.string(),
	name: z.string(),
	theme: z.string(),
	prefix: z.string(),
	waiting: z.number().int(),
	estimatedWaitMinutes: z.number().int().nullable().meta({ description: 'What a ticket taken now would wait: the middle (p50) of the forecast' }),
	estimatedWait: WaitRange.nullable(),
	promisedWaitMinutes: z.number().int().meta({ description: "The Carta de Serviços' expected waiting time" }),
	openCounters: z.number().int(),
	allowsPriority: z.boolean()
});
export type UnitServiceView = z.infer<typeof UnitServiceView>;

/** `GET /units/{unit}/calls` and the panel: the last calls — no personal data. */
export const CallView = z.object({
	number: z.string(),
	counter: z.number().int(),
	counterName: z.string(),
	service: z.string(),
	calledAt: isoTime,
	recall: z.boolean()
});
export type CallView = z.infer<typeof CallView>;

const pickReason = z.object({ code: z.enum(['appointment_due', 'priority', 'fifo', 'ratio_normal_turn']), text: z.string() });

/** `GET /units/{unit}/queue`: staff's view of who waits, per service in call order, and who is being served. */
export const UnitQueueView = z.object({
	unit: z.object({ slug: z.string(), name: z.string(), timezone: z.string() }),
	services: z.array(
		z.object({
			code: z.string(),
			waiting: z.number().int(),
			longestWaitSeconds: z.number().int(),
			estimatedWaitMinutes: z.number().int(),
			openCounters: z.number().int(),
			tickets: z.array(
				z.object({
					id: z.string(),
					number: z.string(),
					position: z.number().int(),
					priority: z.string().nullable(),
					priorityName: z.string().nullable(),
					priorityNeedsDocument: z.boolean(),
					issuedAt: isoTime,
					waitingSeconds: z.number().int(),
					appointmentAt: isoTime.nullable(),
					transferred: z.boolean(),
					reason: pickReason
				})
			),
			awaiting: z
				.array(z.object({ id: z.string(), number: z.string(), keptPosition: z.number().int(), issuedAt: isoTime, passedAt: isoTime.nullable() }))
				.meta({ description: 'Remote tickets whose visitor has not checked in: never called meanwhile, with the place they keep' })
		})
	),
	inService: z.array(
		z.object({
			id: z.string(),
			number: z.string(),
			status: z.enum(TICKET_STATUSES),
			service: z.string(),
			counterId: z.string().nullable(),
			counterName: z.string().nullable(),
			clerk: z.string().nullable().meta({ description: "The clerk's name (staff only)" }),
			calledAt: isoTime.nullable()
		})
	)
});
export type UnitQueueView = z.infer<typeof UnitQueueView>;

export const COUNTER_STATUSES = ['open', 'paused', 'closed'] as const;

/** `GET /units/{unit}/counters`: each counter's state, its clerk, what it serves and its ticket. */
export const UnitCounterView = z.object({
	id: z.string(),
	number: z.number().int(),
	name: z.string(),
	status: z.enum(COUNTER_STATUSES),
	clerk: z.string().nullable(),
	clerkId: z.string().nullable(),
	services: z.array(z.string()),
	pauseReason: z.string().nullable(),
	since: isoTime.nullable(),
	ticket: z.object({ id: z.string(), number: z.string(), status: z.enum(TICKET_STATUSES) }).nullable()
});
export type UnitCounterView = z.infer<typeof UnitCounterView>;

/** The answer of `POST /counters/{id}/call-next` and `/call`: the ticket now called there and why it was picked. */
export const CalledTicket = z.object({
	id: z.string(),
	publicId: z.string(),
	number: z.string(),
	service: serviceRef,
	priority: serviceRef.nullable(),
	status: z.literal('called'),
	issuedAt: isoTime,
	calledAt: isoTime,
	waitedSeconds: z.number().int(),
	counter: z.object({ id: z.string(), number: z.number().int(), name: z.string() }),
	reason: pickReason,
	appointmentAt: isoTime.nullable()
});
export type CalledTicket = z.infer<typeof CalledTicket>;

/** The answer of `POST /counters/{id}/open`, `pause` and `close`. */
export const CounterStateView = z.object({
	id: z.string(),
	number: z.number().int(),
	name: z.string(),
	status: z.enum(COUNTER_STATUSES),
	services: z.array(z.string()),
	pauseReason: z.string().nullable()
});
export type CounterStateView = z.infer<typeof CounterStateView>;

/** The answer of the staff's actions on a ticket (`POST /tickets/{id}/recall`, `start`, `finish`, …). */
export const TicketStateView = z.object({
	id: z.string(),
	publicId: z.string(),
	number: z.string(),
	status: z.enum(TICKET_STATUSES),
	service: z.string(),
	recalls: z.number().int()
});
export type TicketStateView = z.infer<typeof TicketStateView>;

/** `POST /tickets/{publicId}/arrival`: "Cheguei" was taken. */
export const ArrivalView = z.object({ arrived: z.literal(true) });

const AT_A_COUNTER: readonly TicketStatus[] = ['called', 'serving', 'done', 'no_show'];

/**
 * Public rooms and pages carry no personal data (docs/api.md#realtime): every field is picked by name,
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
