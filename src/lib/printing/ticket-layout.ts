import { DateTime } from 'luxon';
import { formatWait, formatWaitRange, ReceiptWriter } from './layout-kit.js';
import type { PrinterConfig } from './printer-profile.js';

/** What a queue ticket shows; no personal data, so it may lie around the waiting room. */
export interface TicketPrint {
	unitName: string;
	number: string;
	serviceName: string;
	priorityName: string | null;
	issuedAt: Date;
	/** IANA zone of the unit: the time printed is the unit's wall clock, not the server's. */
	timezone: string;
	peopleAhead: number;
	estimatedWaitMinutes: number | null;
	/** The forecast's range in minutes, printed instead of the single figure when known. */
	estimatedWait?: { low: number; high: number } | null;
	/** The Carta de Serviços' expected waiting time (Lei 13.460 art. 7), printed beside the estimate. */
	promisedWaitMinutes?: number | null;
	trackUrl: string;
	/** "14:30" when the ticket is for an appointment. */
	appointmentTime?: string | null;
	lang?: 'pt-BR';
}

export interface LayoutOptions {
	header?: string | null;
	footer?: string | null;
}

/** dd/MM/yyyy HH:mm on the unit's clock. */
export function formatIssuedAt(at: Date, timezone: string): string {
	return DateTime.fromJSDate(at, { zone: timezone }).toFormat('dd/MM/yyyy HH:mm');
}

export function peopleAheadLine(n: number): string {
	if (n <= 0) return 'Você é o próximo da fila';
	return n === 1 ? '1 pessoa à sua frente' : `${n} pessoas à sua frente`;
}

/** The ESC/POS bytes of a queue ticket for one printer. */
export function ticketBytes(ticket: TicketPrint, printer: PrinterConfig, options: LayoutOptions = {}): Uint8Array {
	const w = new ReceiptWriter(printer);
	const e = w.encoder;

	e.align('center');
	w.lines(options.header);
	e.bold(true);
	w.line(ticket.unitName);
	e.bold(false);
	w.separator();
	w.line('SUA SENHA');
	e.bold(true);
	w.big(ticket.number, printer.width === 58 ? 3 : 4);
	w.line(ticket.serviceName);
	e.bold(false);
	if (ticket.priorityName) w.line(`Atendimento prioritário: ${ticket.priorityName}`);
	if (ticket.appointmentTime) w.line(`Agendamento: ${ticket.appointmentTime}`);
	w.separator();

	e.align('left');
	w.line(`Emitida em ${formatIssuedAt(ticket.issuedAt, ticket.timezone)}`);
	w.line(peopleAheadLine(ticket.peopleAhead));
	// No line rather than a guess: a wrong estimate makes people leave and miss their call.
	if (ticket.estimatedWait) w.line(`Espera estimada: ${formatWaitRange(ticket.estimatedWait.low, ticket.estimatedWait.high)}`);
	else if (ticket.estimatedWaitMinutes !== null) w.line(`Espera estimada: ${formatWait(ticket.estimatedWaitMinutes)}`);
	if (ticket.promisedWaitMinutes) w.line(`Meta da Carta: até ${ticket.promisedWaitMinutes} min`);

	w.qr(ticket.trackUrl);
	w.line('Acompanhe sua senha pelo celular');
	e.newline();
	w.line('Guarde esta senha até o fim do atendimento.');
	w.line('Ela não contém dados pessoais (LGPD).');
	w.lines(options.footer);
	return w.finish();
}
