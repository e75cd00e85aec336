/*
 * Kiosk check-in for an appointment (issue 6): inside [start − early, start + late], both ends
 * included, the citizen gets a ticket that the ordering policy calls at the appointment's time
 * (the late bound matches the ordering's appointment grace); earlier, they are told when to come
 * back; later, the appointment is lost and — when the unit allows it — they get an ordinary
 * walk-in ticket instead.
 */

export const DEFAULT_EARLY_MINUTES = 30;
export const DEFAULT_LATE_MINUTES = 15;

export interface CheckInInput {
	readonly appointmentStart: Date;
	readonly now: Date;
	readonly earlyMinutes?: number;
	readonly lateMinutes?: number;
	readonly lateBecomesWalkIn?: boolean;
}

export type CheckInDecision =
	| { readonly kind: 'on_time' }
	| { readonly kind: 'too_early'; readonly comeBackAt: Date }
	| { readonly kind: 'late_walk_in' }
	| { readonly kind: 'too_late' };

/** Check-in window: from `earlyMinutes` before to `lateMinutes` after the appointment, both ends included. */
export function checkInDecision({
	appointmentStart,
	now,
	earlyMinutes = DEFAULT_EARLY_MINUTES,
	lateMinutes = DEFAULT_LATE_MINUTES,
	lateBecomesWalkIn = true
}: CheckInInput): CheckInDecision {
	if (earlyMinutes < 0 || lateMinutes < 0) throw new RangeError('Check-in margins cannot be negative');
	const opens = appointmentStart.getTime() - earlyMinutes * 60_000;
	const closes = appointmentStart.getTime() + lateMinutes * 60_000;
	const t = now.getTime();
	if (t < opens) return { kind: 'too_early', comeBackAt: new Date(opens) };
	if (t <= closes) return { kind: 'on_time' };
	return lateBecomesWalkIn ? { kind: 'late_walk_in' } : { kind: 'too_late' };
}
