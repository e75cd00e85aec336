import http from 'node:http';
import net from 'node:net';
import type { CodepageName } from './codepages.js';
import { decodeEscPos, visibleText, type DecodedEscPos } from './escpos-decoder.js';
import { escapeHtml, renderTicketHtml } from './preview-html.js';
import { HEALTHY_STATUS_BYTE } from './printer-status.js';

export interface ReceivedTicket {
	id: number;
	receivedAt: Date;
	remoteAddress: string;
	bytes: Uint8Array;
	decoded: DecodedEscPos;
}

export interface VirtualPrinterOptions {
	/** TCP port for ESC/POS; 0 picks a free one. */
	port: number;
	host?: string;
	/** Port of the HTML preview; omitted or null for none, 0 for a free one. */
	httpPort?: number | null;
	/** How many tickets stay in memory, newest kept. */
	keep?: number;
	/** Code page before any `ESC t`: what the emulated printer was set to at the factory. */
	initialCodepage?: CodepageName;
	onTicket?: (ticket: ReceivedTicket) => void;
}

export interface VirtualPrinter {
	port: number;
	httpPort: number | null;
	previewUrl: string | null;
	/** Received tickets, oldest first. */
	tickets(): readonly ReceivedTicket[];
	/** Resolves once `count` tickets have arrived since start (they may already have). */
	waitForTickets(count: number, timeoutMs?: number): Promise<readonly ReceivedTicket[]>;
	close(): Promise<void>;
}

/**
 * A printer on a TCP port that keeps what it is sent, decoded, instead of burning paper: for the
 * demo, for development without hardware, and for integration tests over real sockets. It
 * answers status queries as a healthy Epson would.
 */
export async function startVirtualPrinter(options: VirtualPrinterOptions): Promise<VirtualPrinter> {
	const { host = '127.0.0.1', keep = 50, initialCodepage = 'cp437' } = options;
	const tickets: ReceivedTicket[] = [];
	let received = 0;
	const waiters = new Set<() => void>();
	const sockets = new Set<net.Socket>();

	const tcp = net.createServer((socket) => {
		sockets.add(socket);
		const chunks: Buffer[] = [];
		const remoteAddress = socket.remoteAddress ?? '';
		const status = statusResponder(socket);
		socket.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			status(chunk);
		});
		socket.on('error', () => {}); // a client that resets still leaves what it sent
		socket.once('close', () => {
			sockets.delete(socket);
			const bytes = new Uint8Array(Buffer.concat(chunks));
			const decoded = decodeEscPos(bytes, initialCodepage);
			if (!printsSomething(decoded)) return;
			received += 1;
			const ticket = { id: received, receivedAt: new Date(), remoteAddress, bytes, decoded };
			tickets.push(ticket);
			if (tickets.length > keep) tickets.splice(0, tickets.length - keep);
			options.onTicket?.(ticket);
			for (const wake of waiters) wake();
		});
	});
	await listen(tcp, options.port, host);
	const port = (tcp.address() as net.AddressInfo).port;

	let preview: http.Server | null = null;
	if (options.httpPort != null) {
		preview = http.createServer((req, res) => servePreview(req, res, tickets));
		await listen(preview, options.httpPort, host);
	}
	const httpPort = preview ? (preview.address() as net.AddressInfo).port : null;

	return {
		port,
		httpPort,
		previewUrl: httpPort === null ? null : `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}/`,
		tickets: () => tickets,
		waitForTickets(count, timeoutMs = 5000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (received < count) return;
					clearTimeout(timer);
					waiters.delete(check);
					resolve(tickets);
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`virtual printer got ${received} of ${count} tickets in ${timeoutMs} ms`));
				}, timeoutMs);
				waiters.add(check);
				check();
			});
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => tcp.close(() => resolve()));
			if (preview) {
				preview.closeAllConnections();
				await new Promise<void>((resolve) => preview!.close(() => resolve()));
			}
		}
	};
}

function listen(server: net.Server | http.Server, port: number, host: string): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

/**
 * Answers `DLE EOT n` while a connection has sent nothing else. Inside a print stream the same
 * three bytes can be image data, and Vez only queries status on a fresh connection anyway.
 */
function statusResponder(socket: net.Socket): (chunk: Buffer) => void {
	let pending: number[] = [];
	let statusOnly = true;
	return (chunk) => {
		if (!statusOnly) return;
		pending.push(...chunk);
		while (pending.length >= 3 && statusOnly) {
			if (pending[0] === 0x10 && pending[1] === 0x04) {
				socket.write(Uint8Array.of(HEALTHY_STATUS_BYTE));
				pending = pending.slice(3);
			} else {
				statusOnly = false;
			}
		}
		if (pending.length > 0 && pending[0] !== 0x10) statusOnly = false;
	};
}

function printsSomething(decoded: DecodedEscPos): boolean {
	return decoded.cuts > 0 || decoded.qrCodes.length > 0 || decoded.rasterImages > 0 || visibleText(decoded).length > 0;
}

function servePreview(req: http.IncomingMessage, res: http.ServerResponse, tickets: readonly ReceivedTicket[]) {
	const path = new URL(req.url ?? '/', 'http://preview').pathname;
	if (path === '/tickets.json') {
		const body = tickets.map((t) => ({
			id: t.id,
			receivedAt: t.receivedAt.toISOString(),
			byteCount: t.bytes.length,
			lines: visibleText(t.decoded),
			qrCodes: t.decoded.qrCodes,
			rasterImages: t.decoded.rasterImages,
			cuts: t.decoded.cuts
		}));
		res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
		res.end(JSON.stringify(body));
		return;
	}
	if (path !== '/') {
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
		return;
	}
	res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
	res.end(previewPage(tickets));
}

function previewPage(tickets: readonly ReceivedTicket[]): string {
	const cards = [...tickets]
		.reverse()
		.map(
			(t) =>
				`<figure><figcaption>#${t.id} · ${escapeHtml(t.receivedAt.toLocaleString('pt-BR'))} · ${t.bytes.length} bytes</figcaption>` +
				`${renderTicketHtml(t.decoded)}</figure>`
		)
		.join('');
	return `<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="2">
<title>Vez · impressora virtual</title>
<style>
body{margin:0;padding:1.5rem;background:#e7e5e4;font-family:system-ui,sans-serif}
h1{font-size:1.1rem;margin:0 0 1rem}
main{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
figure{margin:0}
figcaption{font-size:.8rem;color:#555;margin-bottom:.4rem}
</style></head>
<body><h1>Impressora virtual · ${tickets.length} ${tickets.length === 1 ? 'impressão' : 'impressões'}</h1>
<main>${cards || '<p>Nenhuma impressão recebida ainda.</p>'}</main></body></html>`;
}
