import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { VezError } from '$lib/errors';
import { cancelTicket, finishTicket, markNoShow, reactivateTicket, recallTicket, startTicket, transferTicket } from '$lib/queue/ticket-actions.server';
import { api, readJson } from '$lib/server/http/api';
import type { Deps } from '$lib/server/deps';
import type { Actor } from '$lib/auth/actor';

type Handler = (deps: Deps, actor: Actor, id: string, body: unknown) => Promise<unknown>;

const ACTIONS: Record<string, Handler> = {
	recall: (d, a, id) => recallTicket(d, a, id),
	start: (d, a, id) => startTicket(d, a, id),
	'no-show': (d, a, id) => markNoShow(d, a, id),
	cancel: (d, a, id) => cancelTicket(d, a, id),
	reactivate: (d, a, id) => reactivateTicket(d, a, id),
	finish: finishTicket,
	transfer: transferTicket
};

/** Staff actions on a ticket, addressed by its staff id (the table of docs/api.md#queue). */
export const POST: RequestHandler = api(async (event) => {
	const run = Object.hasOwn(ACTIONS, event.params.action) ? ACTIONS[event.params.action] : undefined;
	if (!run) throw new VezError('not_found', `Unknown ticket action ${event.params.action}.`);
	return json(await run(event.locals.deps, event.locals.actor, event.params.id, await readJson(event)));
});
