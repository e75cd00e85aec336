import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { createWebhook, listWebhooks } from '$lib/webhooks/webhooks.server';
import { api, readJson } from '$lib/server/http/api';

export const GET: RequestHandler = api(async ({ locals }) => json(await listWebhooks(locals.deps, locals.actor)));

export const POST: RequestHandler = api(async (event) => json(await createWebhook(event.locals.deps, event.locals.actor, await readJson(event)), { status: 201 }));
