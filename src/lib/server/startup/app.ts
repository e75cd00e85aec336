import type { Server } from 'socket.io';
import { ANONYMOUS, type Actor } from '$lib/auth/actor';
import { actorFromSession, actorFromToken } from '$lib/auth/store.server';
import { ensureAdmin } from '$lib/auth/users.server';
import { clockOf } from '$lib/server/clock';
import { readConfig, type Config } from '$lib/server/config';
import { migrate, openPglite, openPostgres, type DatabaseHandle } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import { createLogger, type Logger } from '$lib/server/log';
import { attachRealtime } from '$lib/server/realtime/server';
import { startBackground, type Background } from './background';

export const SESSION_COOKIE = 'vez_session';

export interface App {
	deps: Deps;
	handle: DatabaseHandle;
	io: Server | null;
	resolveActor(credentials: { token: string | null; cookie: string | null }): Promise<Actor>;
	stop(): Promise<void>;
}

declare global {
	var __vezApp: Promise<App> | undefined;
	var __vezShutdown: (() => Promise<void>) | undefined;
}

function cookieValue(header: string | null, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k === name) return decodeURIComponent(v.join('='));
	}
	return null;
}

async function openDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
	if (!config.databaseUrl) return openPglite(config.dataDir);
	return openPostgres(config.databaseUrl, {
		connectTimeoutMs: config.dbConnectTimeoutMs,
		statementTimeoutMs: config.dbStatementTimeoutMs,
		log
	});
}

/** Opens the database, migrates it, ensures the admin, seeds the demo and wires realtime and jobs. */
async function startApp(config: Config = readConfig()): Promise<App> {
	const log = createLogger(config.logLevel);
	const handle = await openDatabase(config, log);
	try {
		const applied = await migrate(handle.db);
		if (applied.length) log.info('migrations applied', { migrations: applied, engine: handle.engine });
		if (config.adminPassword) {
			await ensureAdmin(handle.db, config.adminPassword);
			log.info('admin user ready', { username: 'admin' });
		}
	} catch (e) {
		await handle.close();
		throw e;
	}

	const clock = clockOf(config.clock);
	if (config.clock) log.warn('the clock is not real time', { ...config.clock, now: clock().toISOString() });
	const resolveActor: App['resolveActor'] = async ({ token, cookie }) => {
		const now = clock();
		if (token) return (await actorFromToken(handle.db, token, now)) ?? ANONYMOUS;
		const session = cookieValue(cookie, SESSION_COOKIE);
		if (session) return (await actorFromSession(handle.db, session, now)) ?? ANONYMOUS;
		return ANONYMOUS;
	};
	const realtime = attachRealtime({ db: handle.db, pool: handle.pool, watch: handle.watch, log, resolveActor, publicUrl: config.publicUrl, recheckMs: config.realtimeRecheckSeconds * 1000 });
	const deps: Deps = { db: handle.db, engine: handle.engine, now: clock, config, log, realtime };
	let background: Background | null = null;
	try {
		background = await startBackground(deps);
	} catch (e) {
		await handle.close();
		throw e;
	}

	let stopping: Promise<void> | null = null;
	const stop = () =>
		(stopping ??= (async () => {
			await background?.stop();
			await handle.close();
			log.info('database closed');
		})());
	globalThis.__vezShutdown = stop;
	return { deps, handle, io: realtime.io, resolveActor, stop };
}

/** The one app of this process, started on first use (hooks `init`). */
export function getApp(): Promise<App> {
	globalThis.__vezApp ??= startApp();
	return globalThis.__vezApp;
}
