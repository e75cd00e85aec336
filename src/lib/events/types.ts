import { z } from 'zod';

/**
 * The domain events of docs/api.md#domain-events, one per state change. Their rows are written by database
 * triggers in the transaction of the change (migration 0017), so every entry point — screens,
 * API, Open311, jobs — emits them alike; these schemas are their shapes, for the OpenAPI
 * document, the admin screen and the tests that hold the triggers to them. Payloads are thin:
 * ids, slugs, codes, numbers, statuses and times; never a name, CPF, e-mail or phone.
 */
export const EVENT_TYPES = [
	'ticket.created',
	'ticket.called',
	'ticket.recalled',
	'ticket.started',
	'ticket.finished',
	'ticket.no_show',
	'ticket.cancelled',
	'ticket.transferred',
	'ticket.arrived',
	'ticket.expired',
	'counter.opened',
	'counter.paused',
	'counter.closed',
	'appointment.booked',
	'appointment.cancelled',
	'appointment.checked_in',
	'appointment.no_show',
	'protocol.created',
	'protocol.status_changed'
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The event an administrator's "send a test" delivers: same envelope, no domain meaning. */
export const TEST_EVENT_TYPE = 'webhook.test';

export function isEventType(value: string): value is EventType {
	return (EVENT_TYPES as readonly string[]).includes(value);
}

const time = z.string().describe('ISO 8601 with offset');
const id = z.string();

const TicketEvent = z.strictObject({
	ticketId: id.describe('Staff id of the ticket (not its public tracking id)'),
	number: z.string().describe('As called, e.g. `A012`'),
	unit: z.string().describe('Unit slug'),
	service: z.string().describe('Service code; for ticket.transferred the service it left'),
	status: z.string().describe('Status after the change (`transferred` for the record a transfer closed)'),
	previousStatus: z.string().nullable(),
	priority: z.string().nullable().describe('Priority group code, null for normal'),
	channel: z.string().describe('kiosk, counter, api, appointment or remote (taken before arriving)'),
	counter: z.strictObject({ id, number: z.number().int(), name: z.string() }).nullable(),
	recalls: z.number().int(),
	outcome: z.enum(['resolved', 'unresolved', 'referred']).nullable().describe('ticket.finished only'),
	toService: z.string().nullable().describe('ticket.transferred only: the service it waits in now'),
	at: time
});

const CounterEvent = z.strictObject({
	counterId: id,
	number: z.number().int(),
	name: z.string(),
	unit: z.string(),
	status: z.enum(['open', 'paused', 'closed']),
	previousStatus: z.enum(['open', 'paused', 'closed']),
	services: z.array(z.string()).describe('Service codes the counter serves'),
	at: time
});

const AppointmentEvent = z.strictObject({
	appointmentId: id,
	unit: z.string(),
	service: z.string(),
	start: time,
	end: time,
	status: z.enum(['booked', 'checked_in', 'cancelled', 'no_show']),
	previousStatus: z.enum(['booked', 'checked_in', 'cancelled', 'no_show']).nullable(),
	at: time
});

const ProtocolEvent = z.strictObject({
	number: z.string().describe('Protocol number'),
	kind: z.string(),
	service: z.string(),
	organ: z.string().describe('Code of the organ whose inbox holds it'),
	unit: z.string().nullable().describe('Unit where it was opened, if any'),
	status: z.string(),
	previousStatus: z.string().nullable(),
	channel: z.string(),
	dueAt: time,
	at: time
});

const TestEvent = z.strictObject({ webhookId: id, message: z.string(), at: time });

/** The `data` of each event type. */
export const EVENT_DATA: Readonly<Record<EventType | typeof TEST_EVENT_TYPE, z.ZodType>> = {
	'ticket.created': TicketEvent,
	'ticket.called': TicketEvent,
	'ticket.recalled': TicketEvent,
	'ticket.started': TicketEvent,
	'ticket.finished': TicketEvent,
	'ticket.no_show': TicketEvent,
	'ticket.cancelled': TicketEvent,
	'ticket.transferred': TicketEvent,
	'ticket.arrived': TicketEvent,
	'ticket.expired': TicketEvent,
	'counter.opened': CounterEvent,
	'counter.paused': CounterEvent,
	'counter.closed': CounterEvent,
	'appointment.booked': AppointmentEvent,
	'appointment.cancelled': AppointmentEvent,
	'appointment.checked_in': AppointmentEvent,
	'appointment.no_show': AppointmentEvent,
	'protocol.created': ProtocolEvent,
	'protocol.status_changed': ProtocolEvent,
	[TEST_EVENT_TYPE]: TestEvent
};

/** What a consumer receives: the type, when it happened and the thin payload. */
export interface DomainEvent {
	id: string;
	type: EventType;
	unitId: string | null;
	at: Date;
	data: Record<string, unknown>;
}
