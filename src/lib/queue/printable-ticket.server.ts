import QRCode from 'qrcode';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { formatIssuedAt } from '$lib/printing/ticket-layout';
import { publicTicket } from './queue-views.server';
import { ticketAsIssued } from './view-store.server';

export interface PrintableTicket {
	number: string;
	waiting: boolean;
	unitName: string;
	serviceName: string;
	priorityName: string | null;
	/** dd/MM/yyyy HH:mm on the unit's clock, as on the thermal ticket. */
	issuedAt: string;
	position: number | null;
	estimatedWaitMinutes: number | null;
	estimatedWait: { low: number; high: number } | null;
	/** The Carta de Serviços' expected waiting time for the service, in minutes. */
	promisedWaitMinutes: number | null;
	trackUrl: string;
	/** The tracking link's QR as an SVG document fragment (generated here, never from input). */
	qrSvg: string;
}

/**
 * The ticket as an HTML page the browser prints, for a kiosk with a USB printer and no network
 * printer. Whoever has the public id may see it, like the tracking page; the place and estimate
 * are today's, not those at issue.
 */
export async function printableTicket(deps: Deps, publicId: string, origin: string): Promise<PrintableTicket> {
	const view = await publicTicket(deps, publicId);
	const data = await ticketAsIssued(deps.db, { publicId });
	if (!data) throw new VezError('ticket_not_found', 'No such ticket.');
	const trackUrl = `${(deps.config.publicUrl ?? origin).replace(/\/$/, '')}/t/${publicId}`;
	const qrSvg = await QRCode.toString(trackUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
	return {
		number: view.number,
		waiting: view.status === 'waiting',
		unitName: data.unitName,
		serviceName: view.service.name,
		priorityName: data.priorityName,
		issuedAt: formatIssuedAt(data.issuedAt, data.timezone),
		position: view.position,
		estimatedWaitMinutes: view.estimatedWaitMinutes,
		estimatedWait: view.estimatedWait,
		promisedWaitMinutes: view.promisedWaitMinutes,
		trackUrl,
		qrSvg
	};
}
