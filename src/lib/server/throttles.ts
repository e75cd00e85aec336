import type { RateLimit } from './rate-limit';

/*
 * Every throttle on guessable keys, in one table so the README's "Throttles" paragraph can list
 * them. Only wrong guesses count (see throttledGuess). The numbers leave a citizen who mistypes
 * plenty of room and make guessing slow: a CPF masked on a receipt (`***.654.320-**`) has 1,000
 * candidates, which at 10 wrong tries per protocol and hour takes days instead of seconds.
 */

const MINUTE = 60_000;

/** Wrong protocol look-ups (number with CPF or access code: API, /protocol, rating link) from one address. */
export const PROTOCOL_LOOKUP_PER_ADDRESS: RateLimit = {
	scope: 'protocol-lookup:address',
	max: 20,
	windowMs: 15 * MINUTE,
	message: 'Too many look-ups that found nothing from this network. Wait a few minutes and try again.'
};

/** Wrong secrets tried against one protocol number, from any address. */
export const PROTOCOL_LOOKUP_PER_PROTOCOL: RateLimit = {
	scope: 'protocol-lookup:protocol',
	max: 10,
	windowMs: 60 * MINUTE,
	message: 'Too many wrong CPFs or access codes for this protocol. Wait an hour, or ask at a unit.'
};

/** Wrong booking codes and manage links (calendar file, cancel, reschedule, manage page) from one address. */
export const BOOKING_KEY_PER_ADDRESS: RateLimit = {
	scope: 'booking-key:address',
	max: 20,
	windowMs: 15 * MINUTE,
	message: 'Too many booking codes or links that found nothing from this network. Wait a few minutes and try again.'
};

/** Check-ins with a code or CPF that found no appointment, per kiosk (or person). */
export const CHECK_IN_PER_DEVICE: RateLimit = {
	scope: 'check-in:device',
	max: 30,
	windowMs: 15 * MINUTE,
	message: 'Too many check-ins that found no appointment on this kiosk. Ask at the reception desk.'
};

/** Tickets one kiosk token issues per minute, unless the unit sets its own ceiling. */
export const DEFAULT_KIOSK_ISSUES_PER_MINUTE = 30;

/** Sign-in failures: one user from one address, and one address for every user, in 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * MINUTE;
export const LOGIN_FAILURES_PER_USER_AND_ADDRESS = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 30;

/** Tickets taken before arriving from one address (a household, an office behind one NAT). */
export const REMOTE_TICKETS_PER_ADDRESS: RateLimit = {
	scope: 'remote-ticket:address',
	max: 10,
	windowMs: 60 * MINUTE,
	message: 'Too many tickets taken from this network. Wait a while, or take one at the unit.'
};

/** Tickets taken before arriving for one phone or e-mail (kept hashed), in a day. */
export const REMOTE_TICKETS_PER_CONTACT: RateLimit = {
	scope: 'remote-ticket:contact',
	max: 3,
	windowMs: 24 * 60 * MINUTE,
	message: 'This phone or e-mail took its tickets for today. Take one at the unit.'
};
