// Production entry: the built SvelteKit handler and socket.io on one HTTP server.
import http from 'node:http';
import { createRealtimeServer } from './realtime-host.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const SHUTDOWN_GRACE_MS = Number(process.env.VEZ_SHUTDOWN_GRACE_MS ?? 10_000);

/** @type {(req: http.IncomingMessage, res: http.ServerResponse) => void} */
let handler = (_req, res) => {
	res.writeHead(503, { 'content-type': 'application/json' });
	res.end('{"error":{"code":"unavailable","message":"Starting up."}}');
};
// adapter-node assumes https unless told otherwise, which would refuse every form POST of a
// plain-http installation (the demo) as cross-site. Without ORIGIN or PROTOCOL_HEADER from the
// operator, the protocol is the socket's own, set here so no client can claim another.
const protocolFromSocket = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (protocolFromSocket) process.env.PROTOCOL_HEADER = 'x-vez-socket-protocol';

// The request listener is registered before socket.io so socket.io can route /socket.io itself.
const server = http.createServer((req, res) => {
	if (protocolFromSocket) req.headers['x-vez-socket-protocol'] = 'http';
	handler(req, res);
});
const io = createRealtimeServer(server);

try {
	// Importing the handler runs the app's init: open the database, migrate, seed the demo.
	({ handler } = await import('./build/handler.js'));
} catch (e) {
	const message = e instanceof Error ? e.message : String(e);
	console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'start-up failed', error: message }));
	console.error(`\nVez could not start: ${message}\n`);
	process.exit(1);
}

server.listen(port, host, () => {
	const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
	const base = process.env.ORIGIN ?? `http://${shown}:${port}`;
	console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'listening', host, port }));
	const banner = globalThis.__vezBanner?.(base);
	if (banner) console.log(banner);
});

let shuttingDown = false;
async function shutdown(signal) {
	if (shuttingDown) return;
	shuttingDown = true;
	console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'shutting down', signal }));
	const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
	force.unref();
	// Stop accepting, let in-flight requests finish, then close the database. Screens' sockets
	// are dropped at the transport, never disconnected by the server: a socket.io client sent
	// away by its server stays away, while one that lost its transport reconnects by itself
	// (with back-off) to another process or to this one once it is back.
	const closed = new Promise((resolve) => server.close(resolve));
	server.closeIdleConnections();
	io.engine.close();
	await closed;
	await new Promise((resolve) => io.close(() => resolve(undefined)));
	await globalThis.__vezShutdown?.();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
