import dns from 'node:dns';
import net from 'node:net';
import { VezError } from '../errors.js';
import { interpretStatus, STATUS_QUERY, type PrinterStatus, type PrinterUnavailableReason } from './printer-status.js';


/** The printer could not take the job; the print-job runner retries it, nothing else fails. */
export class PrinterUnavailable extends VezError {
	constructor(
		readonly reason: PrinterUnavailableReason,
		readonly host: string,
		readonly port: number,
		cause?: unknown
	) {
		super('unavailable', `printer ${host}:${port} unavailable (${reason})`);
		this.name = 'PrinterUnavailable';
		if (cause !== undefined) this.cause = cause;
	}
}

/** Whether the server may connect to this address (printer-address.ts); asked for every address a name resolves to. */
export type AddressCheck = (ip: string) => boolean;

export interface SendOptions {
	connectTimeoutMs?: number;
	writeTimeoutMs?: number;
}

const FORBIDDEN = 'EVEZFORBIDDEN';

/**
 * Opens a connection only to an allowed address. A literal address is checked before connecting;
 * a name is checked after it resolves and before connecting (node's `lookup` hook), so a name
 * that resolves to the metadata service or a loopback port later is refused just the same.
 */
function connectAllowed(host: string, port: number, allow: AddressCheck): net.Socket {
	const forbidden = () => Object.assign(new Error(`address of ${host} is not allowed for printers`), { code: FORBIDDEN });
	if (net.isIP(host)) {
		if (allow(host)) return net.createConnection({ host, port });
		const socket = new net.Socket();
		process.nextTick(() => socket.destroy(forbidden()));
		return socket;
	}
	return net.createConnection({
		host,
		port,
		lookup: (hostname, options, callback) =>
			dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
				if (error) return callback(error, '', 0);
				const allowed = addresses.filter((a) => allow(a.address));
				if (allowed.length === 0) return callback(forbidden(), '', 0);
				// node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
				if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
				else callback(null, allowed[0].address, allowed[0].family);
			})
	});
}

function reasonOf(error: NodeJS.ErrnoException): PrinterUnavailableReason {
	switch (error.code) {
		case 'ECONNREFUSED':
			return 'refused';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'reset';
		case 'ETIMEDOUT':
			return 'timeout';
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'EHOSTDOWN':
			return 'unreachable';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'dns';
		case FORBIDDEN:
			return 'forbidden';
		default:
			return 'error';
	}
}

/**
 * Writes `bytes` to a raw ESC/POS port (9100) and resolves once they are flushed to the OS and
 * the connection is half-closed. A printer with a full buffer (paper out, cover open) stops
 * reading, so the write timer is what turns a stuck printer into a retryable failure. Bytes
 * that fit the kernel's send buffer count as sent even if the printer never prints them; a
 * status query is the way to learn more.
 */
export function sendToPrinter(host: string, port: number, allow: AddressCheck, bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
	const { connectTimeoutMs = 3000, writeTimeoutMs = 5000 } = options;
	return new Promise((resolve, reject) => {
		const socket = connectAllowed(host, port, allow);
		let settled = false;
		let timer = setTimeout(() => fail('timeout'), connectTimeoutMs);

		function fail(reason: PrinterUnavailableReason, cause?: unknown) {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			reject(new PrinterUnavailable(reason, host, port, cause));
		}

		socket.on('error', (error) => fail(reasonOf(error), error));
		// Printers with Automatic Status Back talk back; read it so their side never blocks.
		socket.on('data', () => {});
		socket.on('close', () => fail('closed'));
		socket.once('connect', () => {
			clearTimeout(timer);
			timer = setTimeout(() => fail('timeout'), writeTimeoutMs);
			socket.end(bytes);
		});
		socket.once('finish', () => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve();
			// Most printers close once they see our FIN; do not keep a socket for those that do not.
			setTimeout(() => socket.destroy(), writeTimeoutMs).unref();
		});
	});
}

/**
 * Asks a printer for its status with `DLE EOT 1` and `DLE EOT 4`. Never rejects: an unreachable
 * printer, or one that takes the connection but does not answer (many clones ignore DLE EOT),
 * is a status too.
 */
export function queryStatus(host: string, port: number, allow: AddressCheck, timeoutMs = 2000): Promise<PrinterStatus> {
	return new Promise((resolve) => {
		const socket = connectAllowed(host, port, allow);
		const answer: number[] = [];
		let connected = false;
		let settled = false;
		const timer = setTimeout(() => done('timeout'), timeoutMs);

		function done(reason: PrinterUnavailableReason) {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			resolve(connected ? interpretStatus(answer) : { reachable: false, answered: false, reason });
		}

		socket.on('error', (error) => done(reasonOf(error)));
		socket.on('close', () => done('closed'));
		socket.once('connect', () => {
			connected = true;
			socket.write(STATUS_QUERY);
		});
		socket.on('data', (chunk: Buffer) => {
			answer.push(...chunk);
			const status = interpretStatus(answer);
			if (status.answered && status.paperOut !== null) done('closed');
		});
	});
}
