import { createTransport } from 'nodemailer';

/** A message as the runner hands it to SMTP. */
export interface OutgoingMail {
	from: string;
	to: string;
	subject: string;
	text: string;
	html?: string;
	/** Ends the attempt when it fires, wherever the SMTP dialogue is. */
	signal?: AbortSignal;
}

/** What the runner needs of a transport; a nodemailer transporter is one. */
export interface MailTransport {
	sendMail(mail: OutgoingMail): Promise<unknown>;
	close(): void;
}

export interface TransportTimeouts {
	/** To open the TCP (or TLS) connection. */
	connectionMs?: number;
	/** From connecting to the server's 220 greeting. */
	greetingMs?: number;
	/** Of silence at any point of the dialogue. */
	socketMs?: number;
}

/**
 * A nodemailer SMTP transport for `smtp://user:pass@host:587` (STARTTLS when the server offers
 * it) or `smtps://…:465` (TLS from the start). The timeouts are far below nodemailer's defaults
 * (2 min to connect, 10 min of silence) so one dead relay cannot hold the runner past its lease.
 */
export function createMailTransport(url: string, timeouts: TransportTimeouts = {}): MailTransport {
	const transporter = createTransport({
		url,
		connectionTimeout: timeouts.connectionMs ?? 10_000,
		greetingTimeout: timeouts.greetingMs ?? 10_000,
		socketTimeout: timeouts.socketMs ?? 30_000,
		dnsTimeout: 10_000
	});
	return {
		sendMail: (mail) => transporter.sendMail(mail),
		close: () => transporter.close()
	};
}

/** The parts of a failed send that say why: nodemailer's error code and the SMTP reply code. */
export function smtpFailure(error: unknown): { code: string | null; responseCode: number | null; message: string } {
	const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown; name?: unknown };
	return {
		code: typeof e.code === 'string' ? e.code : e.name === 'AbortError' || e.name === 'TimeoutError' ? 'ABORT_ERR' : null,
		responseCode: typeof e.responseCode === 'number' ? e.responseCode : null,
		message: (error instanceof Error ? error.message : String(error)).slice(0, 1000)
	};
}
