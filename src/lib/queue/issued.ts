import type { TicketPayload } from '$lib/printing/print-jobs';

/** The 201 answer of `POST /api/v1/units/{unit}/tickets`: shared by the use case and the kiosk screen. */
export interface IssuedPrint {
	status: 'queued' | 'no_printer';
	printerName: string | null;
	printerOnline: boolean | null;
}

export interface IssuedTicket {
	id: string;
	publicId: string;
	number: string;
	service: string;
	serviceName: string;
	priority: string | null;
	priorityName: string | null;
	issuedAt: string;
	position: number;
	/** The middle of the forecast (p50), in minutes. */
	estimatedWaitMinutes: number;
	/** The range shown to the visitor, in minutes: about 4 in 5 actual waits fall inside it. */
	estimatedWait: { low: number; high: number };
	/** The Carta de Serviços' expected waiting time for the service, in minutes. */
	promisedWaitMinutes: number;
	trackUrl: string;
	unit: { slug: string; name: string; timezone: string };
	/** The appointment checked in with this ticket: on time (called at its time) or late (an ordinary walk-in ticket). */
	appointment?: { code: string; start: string; outcome: 'on_time' | 'late_walk_in' } | null;
	/** null when nobody asked for a paper ticket (staff issuing without `print: true`). */
	print: IssuedPrint | null;
	/**
	 * A remote ticket taken before arriving: not called until its visitor checks in at the kiosk
	 * with this code (typed, or scanned from the ticket page's QR) or taps "Cheguei".
	 */
	arrival?: { awaiting: boolean; code: string } | null;
}

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
