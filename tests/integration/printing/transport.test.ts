import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VezError } from '$lib/errors';
import { visibleText } from '$lib/printing/escpos-decoder';
import type { PrinterConfig } from '$lib/printing/printer-profile';
import { ticketBytes, type TicketPrint } from '$lib/printing/ticket-layout';
import { PrinterUnavailable, queryStatus, sendToPrinter, type AddressCheck } from '$lib/printing/transport.server';
import { startVirtualPrinter } from '$lib/printing/virtual-printer.server';
import { closedPort } from '../ports';

const cleanups: (() => Promise<void> | void)[] = [];
/** The transport itself allows what it is told to: these tests talk to their own stand-ins on loopback. */
const LOCAL: AddressCheck = () => true;
const NOT_LOOPBACK: AddressCheck = (ip) => !ip.startsWith('127.') && ip !== '::1';
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server on a free loopback port, closed after the test with every socket it accepted. */
async function tcpServer(onSocket: (socket: net.Socket) => void): Promise<number> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		onSocket(socket);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(
		() =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	);
	return (server.address() as net.AddressInfo).port;
}

const printer: PrinterConfig = {
	name: 'Totem',
	host: '127.0.0.1',
	port: 9100,
	model: 'generic',
	width: 80,
	codepage: 'cp860',
	qrMode: 'native'
};

const ticket: TicketPrint = {
	unitName: 'Poupatempo Sé',
	number: 'B017',
	serviceName: 'Emissão de RG',
	priorityName: null,
	issuedAt: new Date('2025-03-05T17:32:00Z'),
	timezone: 'America/Sao_Paulo',
	peopleAhead: 2,
	estimatedWaitMinutes: 8,
	trackUrl: 'https://vez.example.gov.br/t/b017'
};

describe('sendToPrinter', () => {
	it('delivers exactly the bytes to the printer socket', async () => {
		let received!: Promise<Buffer>;
		const port = await tcpServer((socket) => {
			received = new Promise((resolve) => {
				const chunks: Buffer[] = [];
				socket.on('data', (c) => chunks.push(c));
				socket.on('end', () => resolve(Buffer.concat(chunks)));
			});
		});
		const bytes = ticketBytes(ticket, printer, {});
		await sendToPrinter('127.0.0.1', port, LOCAL, bytes);
		expect(new Uint8Array(await received)).toEqual(bytes);
	});

	it('fails fast with PrinterUnavailable(refused) when nothing listens', async () => {
		const port = await closedPort();
		const started = performance.now();
		const error = await sendToPrinter('127.0.0.1', port, LOCAL, Uint8Array.of(0x1b, 0x40)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PrinterUnavailable);
		expect(error).toBeInstanceOf(VezError);
		expect(error).toMatchObject({ reason: 'refused', code: 'unavailable', status: 503, port });
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('times out when the printer stops reading', async () => {
		const port = await tcpServer((socket) => socket.pause());
		// Far more than loopback socket buffers hold, so the write can only finish if someone reads.
		const bytes = new Uint8Array(64 * 1024 * 1024);
		const started = performance.now();
		const error = await sendToPrinter('127.0.0.1', port, LOCAL, bytes, { writeTimeoutMs: 300 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PrinterUnavailable);
		expect(error).toMatchObject({ reason: 'timeout' });
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it('reports a printer that drops the connection as reset or closed', async () => {
		const port = await tcpServer((socket) => socket.resetAndDestroy());
		const error = await sendToPrinter('127.0.0.1', port, LOCAL, new Uint8Array(8 * 1024 * 1024)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PrinterUnavailable);
		expect(['reset', 'closed']).toContain((error as PrinterUnavailable).reason);
	});
});

describe('printer addresses', () => {
	it('never connects to an address the check refuses, given literally or by a name that resolves to it', async () => {
		let connections = 0;
		const server = net.createServer((socket) => {
			connections++;
			socket.destroy();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
		const { port } = server.address() as net.AddressInfo;
		for (const host of ['127.0.0.1', 'localhost']) {
			const error = await sendToPrinter(host, port, NOT_LOOPBACK, Uint8Array.of(0x1b, 0x40)).catch((e: unknown) => e);
			expect(error, host).toBeInstanceOf(PrinterUnavailable);
			expect((error as PrinterUnavailable).reason).toBe('forbidden');
			expect(await queryStatus(host, port, NOT_LOOPBACK, 1000)).toEqual({ reachable: false, answered: false, reason: 'forbidden' });
		}
		expect(connections).toBe(0);
	});
});

describe('queryStatus', () => {
	it('reads DLE EOT answers', async () => {
		const port = await tcpServer((socket) =>
			socket.on('data', () => {
				// Online but offline-bit set by paper end, roll end on the paper sensor.
				socket.write(Uint8Array.of(0x1a, 0x72));
			})
		);
		expect(await queryStatus('127.0.0.1', port, LOCAL, 1000)).toMatchObject({
			reachable: true,
			answered: true,
			online: false,
			paperOut: true
		});
	});

	it('gives up cleanly on a printer that accepts but never answers', async () => {
		let server!: net.Socket;
		const port = await tcpServer((socket) => {
			socket.pause();
			server = socket;
		});
		const started = performance.now();
		const status = await queryStatus('127.0.0.1', port, LOCAL, 300);
		const elapsed = performance.now() - started;
		expect(status).toEqual({ reachable: true, answered: false });
		expect(elapsed).toBeGreaterThanOrEqual(250);
		expect(elapsed).toBeLessThan(1500);
		// Reading again, the server side sees the FIN: the query did not leave its socket open.
		await new Promise<void>((resolve) => server.once('end', resolve).resume());
	});

	it('says unreachable when nothing listens', async () => {
		expect(await queryStatus('127.0.0.1', await closedPort(), LOCAL, 1000)).toEqual({
			reachable: false,
			answered: false,
			reason: 'refused'
		});
	});
});

describe('virtual printer', () => {
	async function start(options: { keep?: number } = {}) {
		const vp = await startVirtualPrinter({ port: 0, httpPort: 0, ...options });
		cleanups.push(() => vp.close());
		return vp;
	}

	it('receives a ticket over a real socket and decodes it', async () => {
		const vp = await start();
		await sendToPrinter('127.0.0.1', vp.port, LOCAL, ticketBytes(ticket, printer, { footer: 'Até logo' }));
		const [received] = await vp.waitForTickets(1);
		const text = visibleText(received.decoded);
		expect(text).toContain('B017');
		expect(text).toContain('Emissão de RG');
		expect(text).toContain('Até logo');
		expect(received.decoded.qrCodes).toEqual(['https://vez.example.gov.br/t/b017']);
		expect(received.decoded.cuts).toBe(1);
		expect(received.remoteAddress).toContain('127.0.0.1');
	});

	it('serves a preview page and JSON of what it printed', async () => {
		const vp = await start();
		await sendToPrinter('127.0.0.1', vp.port, LOCAL, ticketBytes(ticket, { ...printer, qrMode: 'raster' }, {}));
		await vp.waitForTickets(1);
		const page = await fetch(vp.previewUrl!).then((r) => r.text());
		expect(page).toContain('http-equiv="refresh" content="2"');
		expect(page).toContain('B017');
		expect(page).toContain('Emissão de RG');
		expect(page).toContain('<svg');
		const json = await fetch(new URL('tickets.json', vp.previewUrl!)).then((r) => r.json());
		expect(json).toMatchObject([{ id: 1, rasterImages: 1, cuts: 1 }]);
		expect((await fetch(new URL('nope', vp.previewUrl!))).status).toBe(404);
	});

	it('answers status queries as a healthy printer, without recording a ticket', async () => {
		const vp = await start();
		expect(await queryStatus('127.0.0.1', vp.port, LOCAL, 1000)).toMatchObject({
			answered: true,
			online: true,
			paperOut: false
		});
		expect(vp.tickets()).toHaveLength(0);
	});

	it('keeps only the newest tickets', async () => {
		const vp = await start({ keep: 2 });
		for (const number of ['A001', 'A002', 'A003']) {
			await sendToPrinter('127.0.0.1', vp.port, LOCAL, ticketBytes({ ...ticket, number }, printer, {}));
		}
		await vp.waitForTickets(3);
		expect(vp.tickets().map((t) => t.id)).toEqual([2, 3]);
		expect(visibleText(vp.tickets()[1].decoded)).toContain('A003');
	});
});
