import type { RequestHandler } from './$types';
import { open311, open311Error } from '$lib/requests/open311-http.server';

/** Vez answers POST requests with the protocol number at once and never issues tokens, so no token is known. */
export const GET: RequestHandler = open311(async (_event, file) => open311Error(file.format, 404, `No request token ${file.name}.`));
