import { z } from 'zod';
import type { TicketPayload } from '$lib/printing/print-jobs';
import { isoTime, WaitRange } from '$lib/api/wire';

/** What happened to the paper ticket, in the 201 answer of an issue: shared by the use case and the kiosk screen. */
export const IssuedPrint = z
	.object({
		status: z.enum(['queued', 'no_printer']).meta({ description: '`no_printer`: the unit has no active printer for this kiosk, nothing will print' }),
		printerName: z.string().nullable(),
		printerOnline: z.boolean().nullable().meta({ description: "From the printer's last known status; null when it was never heard from" })
	})
	.meta({
		description:
			'Issuing never waits for the printer: the job is queued and sent after commit. A kiosk shows its on-screen fallback when `status` is `no_printer` or `printerOnline` is false.'
	});
export type IssuedPrint = z.infer<typeof IssuedPrint>;

/** The 201 answer of `POST /api/v1/units/{unit}/tickets` and `/check-in`. */
export const IssuedTicket = z.object({
	id: z.string(),
	publicId: z.string(),
	number: z.string().meta({ examples: ['A001'] }),
	service: z.string(),
	serviceName: z.string(),
	priority: z.string().nullable(),
	priorityName: z.string().nullable(),
	issuedAt: isoTime,
	position: z.number().int(),
	estimatedWaitMinutes: z.number().int().meta({ description: 'The middle (p50) of the forecast, recorded with the ticket' }),
	estimatedWait: WaitRange.meta({ description: 'The range shown to the visitor, in minutes: about 4 in 5 actual waits fall inside it' }),
	promisedWaitMinutes: z.number().int().meta({ description: "The Carta de Serviços' expected waiting time" }),
	trackUrl: z.url(),
	unit: z.object({ slug: z.string(), name: z.string(), timezone: z.string() }),
	appointment: z
		.object({ code: z.string(), start: isoTime, outcome: z.enum(['on_time', 'late_walk_in']) })
		.nullable()
		.optional()
		.meta({ description: 'The appointment checked in with this ticket: on_time (called at its time) or late_walk_in (an ordinary walk-in ticket)' }),
	print: IssuedPrint.nullable().meta({ description: 'The paper ticket; null when none was asked for (staff issue without `print: true`)' }),
	arrival: z
		.object({ awaiting: z.boolean(), code: z.string().meta({ examples: ['K7M-Q2X-9PD'] }) })
		.nullable()
		.optional()
		.meta({
			description: 'A remote ticket: `awaiting` until its visitor checks in at the kiosk with `code` (typed, or scanned from the ticket page QR) or taps "Cheguei"'
		})
});
export type IssuedTicket = z.infer<typeof IssuedTicket>;

/** The paper ticket of a ticket already issued, with its place now: a remote ticket checked in at the kiosk. */
export function payloadOfIssued(issued: IssuedTicket): TicketPayload {
	return {
		unitName: issued.unit.name,
		number: issued.number,
		serviceName: issued.serviceName,
		priorityName: issued.priorityName,
		issuedAt: issued.issuedAt,
		timezone: issued.unit.timezone,
		peopleAhead: issued.position,
		estimatedWaitMinutes: issued.estimatedWaitMinutes,
		estimatedWait: issued.estimatedWait,
		promisedWaitMinutes: issued.promisedWaitMinutes,
		trackUrl: issued.trackUrl
	};
}
