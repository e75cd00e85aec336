import { json, type RequestHandler } from '@sveltejs/kit';
import { isReady } from '$lib/server/db/database';

export const GET: RequestHandler = async ({ locals }) => {
	const ready = await isReady(locals.deps.db);
	return json({ status: ready ? 'ready' : 'not_ready', engine: locals.deps.engine }, { status: ready ? 200 : 503 });
};
