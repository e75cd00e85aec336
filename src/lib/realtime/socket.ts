import { io, type Socket } from 'socket.io-client';
import type { ServerEvents } from '$lib/queue/events';
import { backoffDelay, SCREEN_BACKOFF } from './backoff';

/** Events of the realtime contract, plus the server's own state (see src/lib/server/realtime). */
interface Incoming extends ServerEvents {
	/** `ready: false` while the server's database is away; `true` when a snapshot can be fetched again. */
	server: (state: { ready: boolean }) => void;
}

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
	/** true once live (joined and resynced), false while waiting for the server or its database. */
	onStatus?: (connected: boolean) => void;
}

/** Refusals a retry cannot change; anything else (a timeout, `unavailable`) is tried again. */
const FINAL_REFUSALS = new Set(['forbidden', 'invalid_room']);

/**
 * One socket per screen, which never gives up: whoever ends the connection (a network drop,
 * a server restart, the server itself, a database outage behind it), it comes back with a
 * growing, jittered delay, joins its rooms again and asks the screen for a fresh snapshot
 * instead of trying to repair what it missed. WebSocket only, so several server processes
 * need no sticky sessions.
 */
export function connectLive(opts: LiveOptions): LiveConnection {
	const socket: Socket<Incoming, ClientEvents> = io({
		path: '/socket.io',
		transports: ['websocket'],
		auth: opts.token ? { token: opts.token } : {},
		reconnectionDelay: SCREEN_BACKOFF.baseMs,
		reconnectionDelayMax: SCREEN_BACKOFF.maxMs,
		randomizationFactor: SCREEN_BACKOFF.jitter,
		// An attempt that gets no answer at all (a half-open network, a proxy holding it) is
		// dropped for the next one after this, not after socket.io's default 20 s.
		timeout: 8000
	});
	let closed = false;
	let live = false;
	let retry: ReturnType<typeof setTimeout> | null = null;
	let attempt = 0;
	let syncing: Promise<void> | null = null;
	let again = false;

	const status = (up: boolean) => {
		if (up === live) return;
		live = up;
		opts.onStatus?.(up);
	};
	const later = (fn: () => void) => {
		if (retry) clearTimeout(retry);
		retry = setTimeout(() => {
			retry = null;
			if (!closed) fn();
		}, backoffDelay(attempt++, Math.random()));
	};

	async function joinAll(): Promise<boolean> {
		const replies = await Promise.all(
			opts.rooms.map((room) =>
				socket
					.timeout(5000)
					.emitWithAck('subscribe', { room })
					.catch(() => ({ ok: false, error: 'timeout' }))
			)
		);
		return replies.every((r) => r.ok || FINAL_REFUSALS.has(r.error ?? ''));
	}

	/** Joins every room, then asks for a snapshot; one at a time, and once more if asked meanwhile. */
	function sync() {
		if (syncing) {
			again = true;
			return;
		}
		syncing = (async () => {
			do {
				again = false;
				if (!socket.connected) return;
				if (!(await joinAll())) {
					status(false);
					later(sync);
					return;
				}
			} while (again);
			attempt = 0;
			status(true);
			opts.onResync?.();
		})().finally(() => (syncing = null));
	}

	socket.on('connect', sync);
	socket.on('disconnect', (reason) => {
		status(false);
		// The client reconnects by itself after any loss except being sent away by the server
		// (a server shutting down the old way, an operator): then it is up to us.
		if (reason === 'io server disconnect') later(() => socket.connect());
	});
	socket.io.on('reconnect_attempt', () => status(false));
	// Refused by the server's handshake (its database is away): socket.io leaves that to us too.
	socket.on('connect_error', () => {
		status(false);
		if (!socket.active) later(() => socket.connect());
	});
	// Every screen of a process hears `ready` at the same instant: spread their snapshots over a
	// second so the database that just came back is not met by all of them at once.
	socket.on('server', ({ ready }) => (ready ? setTimeout(sync, Math.random() * 1000) : status(false)));

	// A phone waking up, a laptop back on the network: do not wait for the next ping to notice.
	const wake = () => {
		if (document.visibilityState !== 'visible') return;
		if (socket.connected) sync();
		else if (!socket.active) socket.connect();
	};
	document.addEventListener('visibilitychange', wake);
	window.addEventListener('online', wake);

	return {
		on(event, handler) {
			socket.on(event, handler as never);
			return () => void socket.off(event, handler as never);
		},
		close() {
			closed = true;
			if (retry) clearTimeout(retry);
			document.removeEventListener('visibilitychange', wake);
			window.removeEventListener('online', wake);
			socket.close();
		}
	};
}
