import type { RequestHandler } from './$types';
import { open311Error } from '$lib/requests/open311-http.server';

/** Unknown Open311 paths answer in the spec's error list (in the format their suffix asks for), not with an HTML page. */
const notFound: RequestHandler = ({ url }) => open311Error(url.pathname.endsWith('.xml') ? 'xml' : 'json', 404, `No Open311 resource at ${url.pathname}.`);

export const GET = notFound;
export const POST = notFound;
