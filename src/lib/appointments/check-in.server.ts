import { DateTime } from 'luxon';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { isValidCpf, normalizeCpf } from '$lib/citizens/cpf';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { unitBySlug, type UnitRecord } from '$lib/units/store.server';
import { checkInKey, issueTicketWith } from '$lib/queue/issue-ticket.server';
import { once, type IdempotencyKey, type KeyedTransaction } from '$lib/server/idempotency.server';
import { throttledGuess } from '$lib/server/rate-limit';
import { CHECK_IN_PER_DEVICE } from '$lib/server/throttles';
import type { IssuedTicket } from '$lib/queue/issued';
import { parseBookingCode } from './codes';
import { arriveAtKiosk } from '$lib/queue/remote-ticket.server';

export const CheckInInput = z.object({ appointment: z.string().trim().min(1).max(40) });

/**
 * The kiosk's "Tenho agendamento": a remote ticket's arrival code (its visitor has arrived), a booking code (typed or scanned from the QR) or the citizen's
 * CPF finds the appointment — for a CPF, the booked one of this unit today closest to now — and
 * the ticket is issued through the ordinary issue with the appointment attached. A code booked at
 * another unit is found too, so the issue can tell the citizen which unit to go to. With an
 * idempotency key a retried check-in gets its ticket again (a second look-up would find the
 * appointment already checked in).
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
	const code = parseBookingCode(typed);
	if (!code.ok && !isValidCpf(typed)) {
		throw new VezError('invalid_input', 'Type the booking code or the CPF.', { appointment: code.error === 'bad_check' ? 'bad_check' : 'malformed' });
	}
	const found = await throttledGuess(deps.db, deps.now(), [[CHECK_IN_PER_DEVICE, checkInKey(actor)]], async () => {
		const hit = await appointmentOf(deps, unit, typed);
		if (!hit) throw new VezError('appointment_not_found', 'No appointment here today for this code or CPF.', { appointment: 'unknown' });
		return hit;
	});
	return issueTicketWith(deps, actor, unitSlug, { service: found.serviceCode, appointment: found.code }, origin, transaction);
}

/** The appointment a typed booking code names, or the CPF's booked one of this unit today closest to now. */
async function appointmentOf(deps: Deps, unit: UnitRecord, typed: string): Promise<{ code: string; serviceCode: string } | undefined> {
	const code = parseBookingCode(typed);
	let found: { code: string; serviceCode: string } | undefined;
	if (code.ok) {
		found = await deps.db
			.selectFrom('appointments')
			.innerJoin('services', 'services.id', 'appointments.service_id')
			.select(['appointments.code', 'services.code as serviceCode'])
			.where('appointments.code', '=', code.code)
			.executeTakeFirst();
	} else {
		const now = deps.now();
		const day = DateTime.fromJSDate(now, { zone: unit.timezone });
		const rows = await deps.db
			.selectFrom('appointments')
			.innerJoin('services', 'services.id', 'appointments.service_id')
			.select(['appointments.code', 'appointments.start_at', 'services.code as serviceCode'])
			.where('appointments.citizen_cpf', '=', normalizeCpf(typed))
			.where('appointments.unit_id', '=', unit.id)
			.where('appointments.status', '=', 'booked')
			.where('appointments.start_at', '>=', day.startOf('day').toJSDate())
			.where('appointments.start_at', '<', day.plus({ days: 1 }).startOf('day').toJSDate())
			.execute();
		rows.sort((a, b) => Math.abs(a.start_at.getTime() - now.getTime()) - Math.abs(b.start_at.getTime() - now.getTime()));
		found = rows[0];
	}
	return found;
}
