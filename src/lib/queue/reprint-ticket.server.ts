import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { parse } from '$lib/server/http/validate';
import { enqueueTicketPrint, requester } from '$lib/printing/enqueue-print.server';
import { MAX_REPRINTS, reprintAllowance, type TicketPayload } from '$lib/printing/print-jobs';
import { originalTicketJob, reprintCount } from '$lib/printing/store.server';
import type { Reprint } from '$lib/printing/views';
import { kioskPrintedLast } from '$lib/printing/kiosk-last-ticket.server';
import { ticketAsIssued } from './view-store.server';
import { ticketStanding } from './ticket-store.server';

const TicketId = z.uuid();

const REPRINTABLE = ['waiting', 'called', 'serving'];

/**
 * `POST /tickets/{id}/reprint`: staff of the unit reprint any open ticket; a kiosk only its own
 * last one. At most MAX_REPRINTS per ticket, counted under the ticket's row lock so two
 * simultaneous taps cannot both pass the limit.
 */
export async function reprintTicket(deps: Deps, actor: Actor, rawId: unknown, origin?: string): Promise<Reprint> {
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in or send a valid token.');
	const ticketId = parse(TicketId, rawId);
	const now = deps.now();
	return deps.db.transaction().execute(async (trx) => {
		const ticket = await ticketStanding(trx, { id: ticketId }, true);
		if (!ticket) throw new VezError('ticket_not_found', 'No such ticket.');
		if (actor.kind === 'device') {
			authorize(actor, 'ticket:issue', { unitId: ticket.unitId });
			if (!(await kioskPrintedLast(trx, actor, ticket.id, now))) {
				throw new VezError('forbidden', 'A kiosk reprints only the ticket it printed last, for a few minutes.');
			}
		} else {
			authorize(actor, 'ticket:manage', { unitId: ticket.unitId });
		}
		if (!REPRINTABLE.includes(ticket.status)) {
			throw new VezError('conflict', 'This ticket is no longer in the queue.', { ticket: ticket.status });
		}
		const allowance = reprintAllowance(await reprintCount(trx, ticket.id));
		if (!allowance.ok) {
			throw new VezError('conflict', `A ticket is reprinted at most ${MAX_REPRINTS} times.`, { reprints: allowance.code });
		}

		const original = await originalTicketJob(trx, ticket.id);
		const payload = original?.payload ?? (await payloadFromTicket(trx, ticket.id, deps.config.publicUrl ?? origin));
		// Reprint where the ticket came out first: the issuing kiosk's printer, else the unit's default.
		const issuingKiosk = original?.requestedBy.startsWith('token:') ? original.requestedBy.slice('token:'.length) : null;
		const print = await enqueueTicketPrint(trx, {
			unitId: ticket.unitId,
			ticketId: ticket.id,
			kioskTokenId: actor.kind === 'device' ? actor.id : issuingKiosk,
			payload,
			requestedBy: requester(actor),
			at: now,
			reprint: true
		});
		await audit(trx, actor, 'ticket.reprint', 'ticket', ticket.id, { job: print.jobId, status: print.status });
		return {
			jobId: print.jobId,
			status: print.status,
			printerName: print.printerName,
			printerOnline: print.printerOnline,
			reprintsLeft: allowance.reprintsLeft
		};
	});
}

/** A ticket issued without a print job (at a counter) laid out from what was recorded at issue. */
async function payloadFromTicket(trx: Deps['db'], ticketId: string, base: string | undefined | null): Promise<TicketPayload> {
	const t = await ticketAsIssued(trx, { id: ticketId });
	if (!t) throw new VezError('ticket_not_found', 'No such ticket.');
	return {
		unitName: t.unitName,
		number: t.number,
		serviceName: t.serviceName,
		priorityName: t.priorityName,
		issuedAt: t.issuedAt.toISOString(),
		timezone: t.timezone,
		peopleAhead: t.positionAtIssue ?? 0,
		estimatedWaitMinutes: t.estimatedWaitMinutes,
		trackUrl: `${(base ?? 'http://localhost').replace(/\/$/, '')}/t/${t.publicId}`
	};
}
