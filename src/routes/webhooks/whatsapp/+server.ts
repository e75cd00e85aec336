import { json, text } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api } from '$lib/server/http/api';
import { MAX_API_BODY_BYTES, readBodyBytes } from '$lib/server/http/body';
import { receiveWhatsApp, verifySubscription } from '$lib/conversations/receive-whatsapp.server';

/** Meta's verification handshake when the webhook is subscribed (docs/api.md#whatsapp-channel). */
export const GET: RequestHandler = api(async ({ locals, url }) => text(verifySubscription(locals.deps, url.searchParams)));

/** The Cloud API's notifications: the signature over the raw bytes first, then the messages stored and the bot nudged. */
export const POST: RequestHandler = api(async ({ locals, request }) => {
	const raw = await readBodyBytes(request, MAX_API_BODY_BYTES);
	const received = await receiveWhatsApp(locals.deps, raw, request.headers.get('x-hub-signature-256'));
	return json(received);
});
