import type { DatabaseConnection, Dialect, Driver, QueryResult, CompiledQuery, TransactionSettings } from 'kysely';
import { VezError } from '../../errors.js';
import { isConnectionLoss } from './connection-loss.js';

/** The one error every caller sees while the database is away: 503 `unavailable`, retry later. */
export function databaseUnavailable(): VezError {
	return new VezError('unavailable', 'The database is unreachable right now; try again in a few seconds.');
}

async function guarded<T>(fn: () => Promise<T>, onLoss: (e: unknown) => void): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (!isConnectionLoss(e)) throw e;
		onLoss(e);
		throw databaseUnavailable();
	}
}

/**
 * Wraps a dialect so a lost database surfaces as VezError('unavailable') wherever the query came
 * from (an API route, a page load, the handshake, a job), which every error translator already
 * turns into a 503; `onLoss` lets the availability watch notice at once instead of at its next probe.
 */
export function unavailableOnLoss(dialect: Dialect, onLoss: (e: unknown) => void): Dialect {
	return {
		createAdapter: () => dialect.createAdapter(),
		createIntrospector: (db) => dialect.createIntrospector(db),
		createQueryCompiler: () => dialect.createQueryCompiler(),
		createDriver: () => new UnavailableOnLossDriver(dialect.createDriver(), onLoss)
	};
}

class GuardedConnection implements DatabaseConnection {
	constructor(
		readonly inner: DatabaseConnection,
		private readonly onLoss: (e: unknown) => void
	) {}

	executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		return guarded(() => this.inner.executeQuery<R>(query), this.onLoss);
	}

	streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
		return this.inner.streamQuery<R>(query, chunkSize);
	}
}

// The inner driver gets its own connection back: PostgresDriver releases through a private symbol.
const innerOf = (c: DatabaseConnection) => (c instanceof GuardedConnection ? c.inner : c);

class UnavailableOnLossDriver implements Driver {
	constructor(
		private readonly inner: Driver,
		private readonly onLoss: (e: unknown) => void
	) {}

	init() {
		return guarded(() => this.inner.init(), this.onLoss);
	}
	async acquireConnection(): Promise<DatabaseConnection> {
		return new GuardedConnection(await guarded(() => this.inner.acquireConnection(), this.onLoss), this.onLoss);
	}
	beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
		return guarded(() => this.inner.beginTransaction(innerOf(c), settings), this.onLoss);
	}
	commitTransaction(c: DatabaseConnection) {
		return guarded(() => this.inner.commitTransaction(innerOf(c)), this.onLoss);
	}
	rollbackTransaction(c: DatabaseConnection) {
		return guarded(() => this.inner.rollbackTransaction(innerOf(c)), this.onLoss);
	}
	async savepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
		await guarded(() => this.inner.savepoint!(innerOf(c), name, compile), this.onLoss);
	}
	async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
		await guarded(() => this.inner.rollbackToSavepoint!(innerOf(c), name, compile), this.onLoss);
	}
	async releaseSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
		await guarded(() => this.inner.releaseSavepoint!(innerOf(c), name, compile), this.onLoss);
	}
	releaseConnection(c: DatabaseConnection) {
		return this.inner.releaseConnection(innerOf(c));
	}
	destroy() {
		return this.inner.destroy();
	}
}
