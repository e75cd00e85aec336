import type { Db, Engine } from './db/database';
import type { Config } from './config';
import type { Logger } from './log';

/** Fan-out of realtime messages to socket.io rooms (all processes, through the adapter). */
export interface Realtime {
	emit(room: string, event: string, payload: unknown): void;
	/** false while events published by other processes cannot reach this one (its LISTEN is reconnecting). */
	listening?(): boolean;
}

/** What every use case receives: the database, the clock, settings, the log and the realtime bus. */
export interface Deps {
	db: Db;
	engine: Engine;
	now: () => Date;
	config: Config;
	log: Logger;
	realtime: Realtime;
}
