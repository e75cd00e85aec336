import { createRealtimeServer } from '../realtime-host.js';

/**
 * In `vite dev` the HTTP server is Vite's: attach the same socket.io host that server.js
 * attaches in production. Under vitest or middleware mode there is no httpServer.
 * @returns {import('vite').Plugin}
 */
export function realtimeDevPlugin() {
	return {
		name: 'vez-realtime',
		configureServer(server) {
			if (server.httpServer) createRealtimeServer(/** @type {import('node:http').Server} */ (server.httpServer));
		}
	};
}
