// The built app as a real process for HTTP and socket.io tests, and throwaway PostgreSQL databases for it.
import { inject } from 'vitest';
import { tempDataDir, throwawayDatabase, type ThrowawayDatabase } from '../../server-process';

export { freePort, startServer, tempDataDir, type RunningServer } from '../../server-process';

/** A fresh, empty PostgreSQL database on TEST_DATABASE_URL's server, or null without one. */
export async function emptyPostgres(): Promise<ThrowawayDatabase | null> {
	const admin = inject('postgresUrl');
	return admin ? throwawayDatabase(admin) : null;
}

/** Where a test runs the built server: embedded PGlite always, and a fresh PostgreSQL database with the demo when the suite has one. */
export interface ServerTarget {
	name: string;
	env: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;
}

/** The engines a server test runs on; `postgresEnv` adds to the PostgreSQL server's environment. */
export async function serverTargets(postgresEnv: Record<string, string> = {}): Promise<ServerTarget[]> {
	const targets: ServerTarget[] = [{ name: 'pglite', env: async () => ({ env: { VEZ_DATA_DIR: tempDataDir() }, cleanup: async () => {} }) }];
	const probe = await emptyPostgres();
	if (probe) {
		await probe.drop();
		targets.push({
			name: 'postgres',
			env: async () => {
				const db = (await emptyPostgres())!;
				return { env: { DATABASE_URL: db.url, VEZ_DEMO: '1', ...postgresEnv }, cleanup: () => db.drop() };
			}
		});
	}
	return targets;
}
