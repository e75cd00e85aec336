/**
 * `npm run printer:virtual`: an ESC/POS printer on 127.0.0.1 that prints to the terminal and to
 * an HTML preview instead of paper. Point a unit's printer at it (host 127.0.0.1, port below).
 *
 *   VEZ_VIRTUAL_PRINTER_PORT  TCP port for ESC/POS (default 9100)
 *   VEZ_VIRTUAL_PRINTER_HTTP  port of the preview page (default 9180)
 *   VEZ_VIRTUAL_PRINTER_HOST  address to listen on (default 127.0.0.1)
 */
import { renderTicketText } from '../src/lib/printing/preview-text.js';
import { startVirtualPrinter } from '../src/lib/printing/virtual-printer.server.js';

function portFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	const port = raw ? Number(raw) : fallback;
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`${name}=${raw} is not a TCP port`);
		process.exit(2);
	}
	return port;
}

const host = process.env.VEZ_VIRTUAL_PRINTER_HOST ?? '127.0.0.1';
const printer = await startVirtualPrinter({
	host,
	port: portFromEnv('VEZ_VIRTUAL_PRINTER_PORT', 9100),
	httpPort: portFromEnv('VEZ_VIRTUAL_PRINTER_HTTP', 9180),
	onTicket(ticket) {
		const when = ticket.receivedAt.toLocaleTimeString('pt-BR');
		console.log(`\n#${ticket.id} ${when} de ${ticket.remoteAddress} (${ticket.bytes.length} bytes)`);
		console.log(renderTicketText(ticket.decoded));
	}
});

console.log(`Impressora virtual ESC/POS em ${host}:${printer.port}`);
console.log(`Pré-visualização: ${printer.previewUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		void printer.close().then(() => process.exit(0));
	});
}
