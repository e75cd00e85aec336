import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { parse } from '$lib/server/http/validate';
import { enqueueTicketPrint, requester } from './enqueue-print.server';
import { kioskMayReprint, MAX_REPRINTS, reprintAllowance, type TicketPayload } from './print-jobs';
import { lastTicketOfKiosk, lockTicket, originalTicketJob, reprintCount, ticketPrintData } from './store.server';
import type { Reprint } from './views';

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
		const ticket = await lockTicket(trx, ticketId);
		if (!ticket) throw new VezError('ticket_not_found', 'No such ticket.');
		if (actor.kind === 'device') {
			authorize(actor, 'ticket:issue', { unitId: ticket.unit_id });
			const last = await lastTicketOfKiosk(trx, requester(actor));
			const printed = last?.ticket_id ? { ticketId: last.ticket_id, printedAt: last.created_at } : null;
			if (!kioskMayReprint(printed, ticket.id, now)) {
				throw new VezError('forbidden', 'A kiosk reprints only the ticket it printed last, for a few minutes.');
			}
		} else {
			authorize(actor, 'ticket:manage', { unitId: ticket.unit_id });
		}
		if (!REPRINTABLE.includes(ticket.status)) {
			throw new VezError('conflict', 'This ticket is no longer in the queue.', { ticket: ticket.status });
		}
		const allowance = reprintAllowance(await reprintCount(trx, ticket.id));
		if (!allowance.ok) {
			throw new VezError('conflict', `A ticket is reprinted at most ${MAX_REPRINTS} times.`, { reprints: allowance.code });
		}

		const original = await originalTicketJob(trx, ticket.id);
		const payload = (original?.payload as TicketPayload | undefined) ?? (await payloadFromTicket(trx, ticket.id, deps.config.publicUrl ?? origin));
		// Reprint where the ticket came out first: the issuing kiosk's printer, else the unit's default.
		const issuingKiosk = original?.requested_by.startsWith('token:') ? original.requested_by.slice('token:'.length) : null;
		const print = await enqueueTicketPrint(trx, {
			unitId: ticket.unit_id,
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
	const t = await ticketPrintData(trx, ticketId);
	return {
		unitName: t.unit_name,
		number: t.number,
		serviceName: t.service_name,
		priorityName: t.priority_name,
		issuedAt: t.issued_at.toISOString(),
		timezone: t.timezone,
		peopleAhead: t.position_at_issue ?? 0,
		estimatedWaitMinutes: t.estimated_wait_minutes,
		trackUrl: `${(base ?? 'http://localhost').replace(/\/$/, '')}/t/${t.public_id}`
	};
}
