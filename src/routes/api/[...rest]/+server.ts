import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Unknown API paths answer in the API's error shape, not with an HTML page. */
const notFound: RequestHandler = ({ url }) =>
	json({ error: { code: 'not_found', message: `No API endpoint at ${url.pathname}.` } }, { status: 404 });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
