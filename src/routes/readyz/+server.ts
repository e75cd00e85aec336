import { json, type RequestHandler } from '@sveltejs/kit';
import { isReady } from '$lib/server/db/database';

/**
 * 200 when this process can serve: the database answers, every migration is applied, and on
 * PostgreSQL its realtime listener hears other processes. 503 otherwise, never a hang (the
 * database's connect timeout bounds it), while /healthz stays 200 as long as the process runs.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const database = await isReady(locals.deps.db);
	const realtime = locals.deps.realtime.listening?.() ?? true;
	const ready = database && realtime;
	return json(
		{ status: ready ? 'ready' : 'not_ready', engine: locals.deps.engine, database: database ? 'up' : 'down', realtime: realtime ? 'up' : 'down' },
		{ status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
