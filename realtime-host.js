import { Server } from 'socket.io';

/**
 * Creates the socket.io server on an HTTP server and parks it in a globalThis slot, where the
 * SvelteKit side (src/lib/server/realtime) finds it and wires rooms and authentication.
 * server.js and the Vite dev plugin both call this; neither imports src/lib, so the bundle
 * keeps a single copy of the app's modules.
 * @param {import('node:http').Server} httpServer
 */
export function createRealtimeServer(httpServer) {
	const io = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		connectionStateRecovery: {},
		cors: { origin: false }
	});
	globalThis.__vezRealtime = { io };
	return io;
}
