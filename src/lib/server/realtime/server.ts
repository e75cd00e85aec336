import type { Server } from 'socket.io';
import type pg from 'pg';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Actor } from '$lib/auth/actor';
import { ANONYMOUS } from '$lib/auth/actor';
import type { Db } from '../db/database';
import type { Logger } from '../log';
import type { Realtime } from '../deps';
import { mayJoin, parseRoom } from './rooms';

declare global {
	// Set by realtime-host.js (server.js or the Vite dev plugin) before the app starts.
	var __vezRealtime: { io: Server } | undefined;
}

export interface RealtimeOptions {
	db: Db;
	pool: pg.Pool | null;
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

	// Several processes on one PostgreSQL: an event emitted by one reaches sockets of all.
	if (opts.pool) io.adapter(createAdapter(opts.pool, { heartbeatInterval: 5000 }));

	io.removeAllListeners('connection');
	io.use(async (socket, next) => {
		try {
			const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
			socket.data.actor = await opts.resolveActor({ token, cookie: socket.request.headers.cookie ?? null });
		} catch (e) {
			opts.log.warn('realtime handshake failed', { error: String(e) });
			socket.data.actor = ANONYMOUS;
		}
		next();
	});
	io.on('connection', (socket) => {
		socket.on('subscribe', async (msg: unknown, ack?: (r: { ok: boolean; error?: string }) => void) => {
			const reply = typeof ack === 'function' ? ack : () => {};
			const room = parseRoom((msg as { room?: unknown } | null)?.room);
			if (!room) return reply({ ok: false, error: 'invalid_room' });
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
		}
	};
}
