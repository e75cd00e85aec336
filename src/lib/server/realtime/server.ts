import type { Server } from 'socket.io';
import type pg from 'pg';
import type { Actor } from '$lib/auth/actor';
import { ANONYMOUS } from '$lib/auth/actor';
import { isVezError } from '$lib/errors';
import type { Db } from '../db/database';
import type { DatabaseWatch } from '../db/watch';
import type { Logger } from '../log';
import type { Realtime } from '../deps';
import { mayJoin, parseRoom } from './rooms';
import { postgresAdapter } from './pg-adapter';

declare global {
	// Set by realtime-host.js (server.js or the Vite dev plugin) before the app starts.
	var __vezRealtime: { io: Server } | undefined;
}

export interface RealtimeOptions {
	db: Db;
	pool: pg.Pool | null;
	/** The database's availability: screens are told to wait while it is away and to resync after. */
	watch: DatabaseWatch;
	log: Logger;
	/** Resolves the handshake's credentials (bearer token or session cookie) to an actor. */
	resolveActor(credentials: { token: string | null; cookie: string | null }): Promise<Actor>;
}

/**
 * Wires rooms and authentication onto the socket.io server the host created, and returns
 * the emitter use cases publish through. Without a host (tests of use cases) emits go nowhere.
 */
export function attachRealtime(opts: RealtimeOptions): Realtime & { io: Server | null } {
	const io = globalThis.__vezRealtime?.io ?? null;
	if (!io) return { io: null, emit() {} };

	// `server` tells this process's screens whether it can serve them: `ready: false` while the
	// database is away (they show that they wait), `ready: true` when a snapshot can be fetched
	// again and events flow again, after which each screen resubscribes and resyncs.
	const announce = (ready: boolean) => io.local.emit('server', { ready });
	opts.watch.onChange((up) => {
		opts.log[up ? 'info' : 'warn'](up ? 'database reachable again' : 'database unreachable');
		announce(up);
	});
	// Several processes on one PostgreSQL: an event emitted by one reaches sockets of all.
	let listening = () => true;
	if (opts.pool) {
		const pg = postgresAdapter(opts.pool, { log: opts.log, onListening: (resumed) => resumed && opts.watch.up && announce(true) });
		io.adapter(pg.adapter);
		listening = pg.listening;
	}

	io.removeAllListeners('connection');
	io.use(async (socket, next) => {
		try {
			const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
			socket.data.actor = await opts.resolveActor({ token, cookie: socket.request.headers.cookie ?? null });
		} catch (e) {
			// Without the database the caller cannot be known: refuse the connection (the screen
			// retries) rather than let a clerk's console in as a stranger whose rooms stay shut.
			if (isVezError(e) && e.code === 'unavailable') return next(Object.assign(new Error('unavailable'), { data: { code: 'unavailable' } }));
			opts.log.warn('realtime handshake failed', { error: String(e) });
			socket.data.actor = ANONYMOUS;
		}
		next();
	});
	io.on('connection', (socket) => {
		if (!opts.watch.up) socket.emit('server', { ready: false });
		socket.on('subscribe', async (msg: unknown, ack?: (r: { ok: boolean; error?: string }) => void) => {
			const reply = typeof ack === 'function' ? ack : () => {};
			const room = parseRoom((msg as { room?: unknown } | null)?.room);
			if (!room) return reply({ ok: false, error: 'invalid_room' });
			// No snapshot can be fetched now; the screen retries and is told when to.
			if (!opts.watch.up) return reply({ ok: false, error: 'unavailable' });
			try {
				if (!(await mayJoin(opts.db, socket.data.actor as Actor, room))) return reply({ ok: false, error: 'forbidden' });
				await socket.join(`${room.kind}:${room.key}`);
				reply({ ok: true });
			} catch (e) {
				opts.log.error('realtime subscribe failed', { error: String(e) });
				reply({ ok: false, error: 'unavailable' });
			}
		});
		socket.on('unsubscribe', (msg: unknown) => {
			const room = parseRoom((msg as { room?: unknown } | null)?.room);
			if (room) void socket.leave(`${room.kind}:${room.key}`);
		});
	});
	return {
		io,
		emit(room, event, payload) {
			io.to(room).emit(event, payload);
		},
		listening
	};
}
