// npm run db:migrate — applies pending migrations to DATABASE_URL or the embedded database.
import { readConfig } from '../src/lib/server/config';
import { migrate, openPglite, openPostgres } from '../src/lib/server/db/database';

const config = readConfig();
const handle = config.databaseUrl ? openPostgres(config.databaseUrl, 1) : await openPglite(config.dataDir);
try {
	const applied = await migrate(handle.db);
	console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} catch (e) {
	console.error(`Migration failed: ${e instanceof Error ? e.message : String(e)}`);
	process.exitCode = 1;
} finally {
	await handle.close();
}
