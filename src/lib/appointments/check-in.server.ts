import { DateTime } from 'luxon';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { isValidCpf, normalizeCpf } from '$lib/citizens/cpf';
import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import type { AppointmentStatus } from '$lib/server/db/schema';
import type { UnitRecord } from '$lib/units/store.server';
import { localTimeOf } from '$lib/units/hours';
import { throttledGuess } from '$lib/server/rate-limit';
import { CHECK_IN_PER_DEVICE } from '$lib/server/throttles';
import { parseBookingCode } from './codes';
import { checkInDecision } from './check-in';
import { appointmentByCode } from './book.server';
import { bookedOfCpfBetween, checkInCandidateByCode, markCheckedIn, type CheckInCandidate } from './store.server';

/*
 * Check-in of an appointment, owned here: finding the appointment a kiosk was given, the rules
 * that let it in, and claiming it. The queue issues the ticket (queue/kiosk-check-in.server.ts,
 * and a ticket request naming an appointment) and calls these inside its issue.
 */

/** Whose wrong check-in codes count together: the kiosk token, or the person at a counter. */
export const checkInKey = (actor: Actor) => (actor.kind === 'anonymous' ? 'anonymous' : `${actor.kind}:${actor.id}`);

/** An appointment let in: the ticket carries `appointmentAt` (null when it became a walk-in). */
export interface CheckIn {
	appointmentId: string;
	code: string;
	start: Date;
	status: AppointmentStatus;
	appointmentAt: Date | null;
	outcome: 'on_time' | 'late_walk_in';
}

/**
 * The kiosk's "Tenho agendamento": a booking code (typed or scanned from the QR) or the citizen's
 * CPF finds the appointment — for a CPF, the booked one of this unit today closest to now. The
 * issue applies {@link checkInOf} to it in its turn, after the unit's hours and the kiosk's rate,
 * without reading it again. A code booked at another unit is found too, so the citizen is told
 * which unit to go to. Wrong guesses are throttled per kiosk.
 */
export async function findAppointmentToCheckIn(deps: Deps, actor: Actor, unit: UnitRecord, typed: string): Promise<CheckInCandidate> {
	const code = parseBookingCode(typed);
	if (!code.ok && !isValidCpf(typed)) {
		throw new VezError('invalid_input', 'Type the booking code or the CPF.', { appointment: code.error === 'bad_check' ? 'bad_check' : 'malformed' });
	}
	const now = deps.now();
	return throttledGuess(deps.db, now, [[CHECK_IN_PER_DEVICE, checkInKey(actor)]], async () => {
		const hit = await appointmentOf(deps, unit, typed, now);
		if (!hit) throw new VezError('appointment_not_found', 'No appointment here today for this code or CPF.', { appointment: 'unknown' });
		return hit;
	});
}

/** The appointment a typed booking code names, or the CPF's booked one of this unit today closest to now. */
async function appointmentOf(deps: Deps, unit: UnitRecord, typed: string, now: Date): Promise<CheckInCandidate | null> {
	const code = parseBookingCode(typed);
	if (code.ok) return checkInCandidateByCode(deps.db, code.code);
	const day = DateTime.fromJSDate(now, { zone: unit.timezone });
	const rows = await bookedOfCpfBetween(deps.db, normalizeCpf(typed), unit.id, day.startOf('day').toJSDate(), day.plus({ days: 1 }).startOf('day').toJSDate());
	rows.sort((a, b) => Math.abs(a.startAt.getTime() - now.getTime()) - Math.abs(b.startAt.getTime() - now.getTime()));
	return rows[0] ?? null;
}

/** An appointment code given with a ticket request (issue 6): found by its code, then {@link checkInOf}. */
export async function resolveCheckIn(deps: Deps, actor: Actor, unit: UnitRecord, serviceCode: string, code: string, now: Date): Promise<CheckIn> {
	const appointment = await throttledGuess(deps.db, now, [[CHECK_IN_PER_DEVICE, checkInKey(actor)]], () => appointmentByCode(deps.db, code));
	return checkInOf(appointment, unit, serviceCode, now);
}

/**
 * Check-in rules: the appointment must be this unit's and this service's and still booked; inside
 * its window the ticket carries the appointment's time so the ordering calls it then; too early is
 * refused with the time to come back; too late becomes a walk-in ticket when the unit allows it.
 */
export function checkInOf(appointment: CheckInCandidate, unit: UnitRecord, serviceCode: string, now: Date): CheckIn {
	if (appointment.unitId !== unit.id) {
		throw new VezError('appointment_not_found', `This appointment is at another unit: ${appointment.unitName}.`, { appointment: 'other_unit' });
	}
	if (appointment.serviceCode !== serviceCode) {
		throw new VezError('invalid_input', 'This appointment is for another service.', { service: appointment.serviceCode });
	}
	const settings = unit.settings.appointments ?? {};
	const decision = checkInDecision({ appointmentStart: appointment.startAt, now, ...settings });
	// The no-show job may have marked a late citizen already; a late walk-in still serves them.
	const lateAfterNoShow = appointment.status === 'no_show' && decision.kind === 'late_walk_in';
	if (appointment.status !== 'booked' && !lateAfterNoShow) {
		throw new VezError('appointment_not_active', 'This appointment was already checked in or is no longer active.', { appointment: appointment.status });
	}
	const base = { appointmentId: appointment.id, code: appointment.code, start: appointment.startAt, status: appointment.status };
	switch (decision.kind) {
		case 'on_time':
			return { ...base, appointmentAt: appointment.startAt, outcome: 'on_time' };
		case 'late_walk_in':
			return { ...base, appointmentAt: null, outcome: 'late_walk_in' };
		case 'too_early':
			throw new VezError('check_in_too_early', `Too early: come back at ${localTimeOf(decision.comeBackAt, unit.timezone)}.`, {
				comeBackAt: decision.comeBackAt.toISOString(),
				comeBackTime: localTimeOf(decision.comeBackAt, unit.timezone)
			});
		case 'too_late':
			throw new VezError('check_in_too_late', 'The appointment time has passed; please talk to the reception.', { appointment: 'too_late' });
	}
}

/** Claims the appointment in the transaction, once: a second scan of the same code, on this kiosk or another, finds it no longer booked. */
export async function claimCheckIn(trx: Db, checkIn: CheckIn, now: Date): Promise<void> {
	if (!(await markCheckedIn(trx, checkIn.appointmentId, checkIn.status, now))) {
		throw new VezError('appointment_not_active', 'This appointment was already checked in or is no longer active.', { appointment: 'not_active' });
	}
}
