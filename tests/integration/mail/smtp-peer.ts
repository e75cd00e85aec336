// A real SMTP server on loopback (the `smtp-server` package): the relay the outbox sends to.
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	/** The envelope: MAIL FROM and RCPT TO as the client sent them. */
	envelopeFrom: string;
	envelopeTo: string[];
	raw: string;
	headers: Record<string, string>;
	/** The text body decoded (transfer encoding undone, UTF-8). */
	text: string;
}

export interface SmtpPeer {
	port: number;
	received: ReceivedMail[];
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
	close(): Promise<void>;
}

export interface PeerOptions {
	port?: number;
	/** Refuse RCPT TO for these addresses with this SMTP error. */
	reject?: { address: string; code: number; message: string };
	/** Hold each message this long before answering 250, so concurrent senders overlap. */
	delayMs?: number;
}

export async function startSmtpPeer(options: PeerOptions = {}): Promise<SmtpPeer> {
	const received: ReceivedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		// Nodemailer upgrades to TLS when offered, and this server's certificate is self-signed.
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		disableReverseLookup: true,
		onRcptTo(address, _session, callback) {
			if (options.reject && address.address === options.reject.address) {
				const error = new Error(options.reject.message) as Error & { responseCode: number };
				error.responseCode = options.reject.code;
				return callback(error);
			}
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				received.push({
					envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					envelopeTo: session.envelope.rcptTo.map((r) => r.address),
					raw,
					...parseMessage(raw)
				});
				setTimeout(() => callback(), options.delayMs ?? 0);
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const address = server.server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		port,
		received,
		async waitFor(count, timeoutMs = 5000) {
			const until = Date.now() + timeoutMs;
			while (received.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
			return received;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** Header names lower-cased, folded lines joined, RFC 2047 encoded words decoded. */
function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
	const split = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
	const headers: Record<string, string> = {};
	for (const line of head.split('\r\n')) {
		const colon = line.indexOf(':');
		headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
	}
	// The CRLF before the DATA terminator (`.`) belongs to the protocol, not the message.
	const body = raw.slice(split + 4).replace(/\r\n$/, '');
	const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
	const bytes =
		encoding === 'base64'
			? Buffer.from(body.replace(/\s+/g, ''), 'base64')
			: encoding === 'quoted-printable'
				? qpBytes(body)
				: Buffer.from(body, 'utf8');
	return { headers, text: bytes.toString('utf8') };
}

/** Quoted-printable (RFC 2045 §6.7): `=` at a line end is a soft break, `=XX` one byte. */
function qpBytes(text: string): Buffer {
	const joined = text.replace(/=\r?\n/g, '');
	const out: number[] = [];
	for (let i = 0; i < joined.length; i++) {
		if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
			out.push(parseInt(joined.slice(i + 1, i + 3), 16));
			i += 2;
		} else out.push(...Buffer.from(joined[i], 'utf8'));
	}
	return Buffer.from(out);
}

/** `=?UTF-8?Q?...?=` and `=?UTF-8?B?...?=` words (RFC 2047); whitespace between two words goes. */
function decodeWords(value: string): string {
	return value
		.replace(/(\?=)\s+(=\?)/g, '$1$2')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
			enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qpBytes(data.replace(/_/g, ' ')).toString('utf8')
		);
}
