import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { kioskPrintedLast } from '$lib/printing/kiosk-last-ticket.server';
import { printerOnline, type TicketPrintState } from '$lib/printing/print-jobs';
import { latestTicketJob } from '$lib/printing/store.server';
import { ticketStanding } from './ticket-store.server';

const TicketId = z.uuid();

/**
 * `GET /tickets/{id}/print`: how the ticket's paper is doing, so the kiosk's ticket screen says
 * "printed" or "failed" instead of "printing…" forever. Staff of the unit may ask about any
 * ticket; a kiosk only about the one it printed last, for the minutes it may reprint it.
 */
export async function ticketPrintState(deps: Deps, actor: Actor, rawId: unknown): Promise<{ print: TicketPrintState | null }> {
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in or send a valid token.');
	const ticketId = parse(TicketId, rawId);
	const ticket = await ticketStanding(deps.db, { id: ticketId });
	if (!ticket) throw new VezError('ticket_not_found', 'No such ticket.');
	if (actor.kind === 'device') {
		authorize(actor, 'ticket:issue', { unitId: ticket.unitId });
		if (!(await kioskPrintedLast(deps.db, actor, ticketId, deps.now()))) throw new VezError('forbidden', 'A kiosk follows only the ticket it printed last.');
	} else {
		authorize(actor, 'ticket:manage', { unitId: ticket.unitId });
	}
	const job = await latestTicketJob(deps.db, ticketId);
	return {
		print: job
			? { status: job.status, printerName: job.printerName, printerOnline: job.lastStatus ? printerOnline(job.lastStatus) : null, attempts: job.attempts }
			: null
	};
}
