// The built app as a real process for HTTP and socket.io tests, and throwaway PostgreSQL databases for it.
import { inject } from 'vitest';
import { throwawayDatabase, type ThrowawayDatabase } from '../../server-process';

export { freePort, startServer, tempDataDir, type RunningServer } from '../../server-process';

/** A fresh, empty PostgreSQL database on TEST_DATABASE_URL's server, or null without one. */
export async function emptyPostgres(): Promise<ThrowawayDatabase | null> {
	const admin = inject('postgresUrl');
	return admin ? throwawayDatabase(admin) : null;
}
