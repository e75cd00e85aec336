import { io, type Socket } from 'socket.io-client';
import type { ServerEvents } from '$lib/queue/events';

interface ClientEvents {
	subscribe: (msg: { room: string }, ack: (reply: { ok: boolean; error?: string }) => void) => void;
}

export interface LiveConnection {
	/** Listens to one server event; returns the unsubscribe. */
	on<E extends keyof ServerEvents>(event: E, handler: ServerEvents[E]): () => void;
	close(): void;
}

export interface LiveOptions {
	/** Device bearer token (kiosk, panel); browser screens of staff use their session cookie. */
	token?: string | null;
	rooms: readonly string[];
	/** Called after every (re)connection once the rooms are joined: fetch a fresh snapshot. */
	onResync?: () => void;
	onStatus?: (connected: boolean) => void;
}

/**
 * One socket per screen. WebSocket only, so several server processes need no sticky sessions;
 * on every reconnect the rooms are joined again and the screen asks for a fresh snapshot
 * instead of trying to repair what it missed.
 */
export function connectLive(opts: LiveOptions): LiveConnection {
	const socket: Socket<ServerEvents, ClientEvents> = io({
		path: '/socket.io',
		transports: ['websocket'],
		auth: opts.token ? { token: opts.token } : {},
		reconnectionDelayMax: 5000
	});
	socket.on('connect', async () => {
		await Promise.all(opts.rooms.map((room) => socket.timeout(5000).emitWithAck('subscribe', { room }).catch(() => null)));
		opts.onStatus?.(true);
		opts.onResync?.();
	});
	socket.on('disconnect', () => opts.onStatus?.(false));
	return {
		on(event, handler) {
			socket.on(event, handler as never);
			return () => void socket.off(event, handler as never);
		},
		close() {
			socket.close();
		}
	};
}
