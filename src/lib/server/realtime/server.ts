import type { Server } from 'socket.io';
import type pg from 'pg';
import type { Actor } from '$lib/auth/actor';
import { ANONYMOUS } from '$lib/auth/actor';
import { isVezError } from '$lib/errors';
import type { Db } from '../db/database';
import type { DatabaseWatch } from '../db/watch';
import type { Logger } from '../log';
import type { Realtime } from '../deps';
import { isPublicRoom, MAX_ROOMS_PER_SOCKET, mayJoin, parseRoom, sameOrigin } from './rooms';
import { postgresAdapter } from './pg-adapter';

declare global {
	// Set by realtime-host.js (server.js or the Vite dev plugin) before the app starts.
	var __vezRealtime: { io: Server } | undefined;
	// The recheck timer of this process, so a second attach (dev reload) replaces it.
	var __vezRealtimeRecheck: ReturnType<typeof setInterval> | undefined;
}

export interface RealtimeOptions {
	db: Db;
	pool: pg.Pool | null;
	/** The database's availability: screens are told to wait while it is away and to resync after. */
	watch: DatabaseWatch;
	log: Logger;
	/** Resolves the handshake's credentials (bearer token or session cookie) to an actor. */
	resolveActor(credentials: { token: string | null; cookie: string | null }): Promise<Actor>;
	/** The configured public URL (ORIGIN), an origin browsers may connect from besides the Host itself. */
	publicUrl: string | null;
	/** How often the rights of sockets in staff rooms are checked again. */
	recheckMs: number;
}

interface Credentials {
	token: string | null;
	cookie: string | null;
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
		// A browser always says where the page that opens the socket came from; another site's page
		// must not ride a clerk's cookie into staff rooms. Devices without an Origin use their token.
		const origin = socket.request.headers.origin;
		if (origin !== undefined && !sameOrigin(origin, socket.request.headers.host, opts.publicUrl)) {
			return next(Object.assign(new Error('forbidden'), { data: { code: 'forbidden_origin' } }));
		}
		try {
			const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
			const credentials: Credentials = { token, cookie: socket.request.headers.cookie ?? null };
			socket.data.credentials = credentials;
			socket.data.actor = await opts.resolveActor(credentials);
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
			const name = `${room.kind}:${room.key}`;
			// socket.rooms holds the socket's own id too.
			if (!socket.rooms.has(name) && socket.rooms.size > MAX_ROOMS_PER_SOCKET) return reply({ ok: false, error: 'too_many_rooms' });
			try {
				if (!(await mayJoin(opts.db, socket.data.actor as Actor, room))) return reply({ ok: false, error: 'forbidden' });
				await socket.join(name);
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
	startRecheck(io, opts);
	return {
		io,
		emit(room, event, payload) {
			io.to(room).emit(event, payload);
		},
		listening
	};
}

/**
 * Rooms are authorized when joined, but a session ends (logout, expiry, a disabled user) and a
 * token is revoked while its sockets stay open. So every `recheckMs` the credentials of each
 * socket of this process in a staff room are resolved again and the socket leaves every room it
 * may no longer join; public rooms (`panel:*`, `ticket:*`, `line:*`) are left alone. Each distinct
 * credential is resolved once per sweep.
 */
function startRecheck(io: Server, opts: RealtimeOptions): void {
	const sweep = async () => {
		if (!opts.watch.up) return;
		const resolved = new Map<string, Promise<Actor | null>>();
		for (const socket of io.of('/').sockets.values()) {
			const rooms = [...socket.rooms].map(parseRoom).filter((r) => r !== null && !isPublicRoom(r.kind)) as NonNullable<ReturnType<typeof parseRoom>>[];
			if (rooms.length === 0) continue;
			const credentials = socket.data.credentials as Credentials | undefined;
			if (!credentials) continue;
			const key = JSON.stringify(credentials);
			// A failed look-up (the database away) proves nothing: the socket keeps its rooms until the next sweep.
			if (!resolved.has(key)) resolved.set(key, opts.resolveActor(credentials).catch(() => null));
			const actor = await resolved.get(key)!;
			if (!actor) continue;
			socket.data.actor = actor;
			for (const room of rooms) {
				if (!(await mayJoin(opts.db, actor, room).catch(() => true))) await socket.leave(`${room.kind}:${room.key}`);
			}
		}
	};
	let running = false;
	const timer = setInterval(() => {
		if (running) return;
		running = true;
		sweep()
			.catch((e) => opts.log.warn('realtime recheck failed', { error: String(e) }))
			.finally(() => (running = false));
	}, opts.recheckMs);
	timer.unref();
	globalThis.__vezRealtimeRecheck && clearInterval(globalThis.__vezRealtimeRecheck);
	globalThis.__vezRealtimeRecheck = timer;
}
