import { z } from 'zod';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { unitBySlug } from '$lib/units/store.server';
import { once, type IdempotencyKey, type KeyedTransaction } from '$lib/server/idempotency.server';
import { findAppointmentToCheckIn } from '$lib/appointments/check-in.server';
import { issueTicketWith } from './issue-ticket.server';
import type { IssuedTicket } from './issued';
import { arriveAtKiosk } from './remote-ticket.server';

export const CheckInInput = z.object({ appointment: z.string().trim().min(1).max(40) });

/**
 * The kiosk's "Tenho agendamento": a remote ticket's arrival code (its visitor has arrived), or a
 * booking code or CPF that finds an appointment (appointments/check-in.server.ts), and the ticket
 * is issued through the ordinary issue with the appointment attached. With an idempotency key a
 * retried check-in gets its ticket again (a second look-up would find the appointment already
 * checked in).
 */
export async function checkInAtKiosk(
	deps: Deps,
	actor: Actor,
	unitSlug: string,
	raw: unknown,
	origin: string,
	key: IdempotencyKey | null = null
): Promise<IssuedTicket> {
	return once(deps, key && { key, scope: `check-in:${unitSlug}`, body: raw }, (transaction) => checkIn(deps, actor, unitSlug, raw, origin, transaction));
}

async function checkIn(deps: Deps, actor: Actor, unitSlug: string, raw: unknown, origin: string, transaction: KeyedTransaction<IssuedTicket>): Promise<IssuedTicket> {
	const { appointment: typed } = parse(CheckInInput, raw);
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'ticket:issue', { unitId: unit.id });
	// A remote ticket's arrival code has the booking codes' form: its visitor checks in here too.
	const arrived = await arriveAtKiosk(deps, actor, unit, typed, origin, transaction);
	if (arrived) return arrived;
	const appointment = await findAppointmentToCheckIn(deps, actor, unit, typed);
	return issueTicketWith(deps, actor, unitSlug, { service: appointment.serviceCode }, origin, transaction, { appointment });
}
