import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { CpfSchema } from '$lib/citizens/cpf';
import { ownCheck } from '$lib/i18n/field-problem';
import type { Transaction } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { Database } from '$lib/server/db/schema';
import { once, type IdempotencyKey, type KeyedTransaction } from '$lib/server/idempotency.server';
import type { Deps } from '$lib/server/deps';
import { actorLabel } from '$lib/auth/actor-label';
import { enqueueMail } from '$lib/mail/outbox.server';
import { consumeRateLimit, throttledGuess, type RateLimit } from '$lib/server/rate-limit';
import { BOOKING_KEY_PER_ADDRESS } from '$lib/server/throttles';
import { parse, slug, text } from '$lib/server/http/validate';
import { holidayRules, offeredService, unitBySlug, type UnitRecord } from '$lib/units/store.server';
import { FIRST_YEAR, isSaneInstant, LAST_YEAR } from '$lib/units/holidays';
import { confirmationMail } from './appointment-mail';
import { DEFAULT_EARLY_MINUTES } from './check-in';
import { appointmentIcs } from './ics';
import { BOOKING_CODE_BYTES, formatBookingCode, parseBookingCode } from './codes';
import { checkSlot, whyNotOffered, type NotOfferedReason, type Slot, type SlotContext, localIso } from './slots';
import {
	appointmentWhere,
	cancelBooked,
	capacityOf,
	hasExclusiveBooking,
	insertAppointment,
	lockAppointment,
	moveAppointment,
	phoneMatches,
	releasePlace,
	takePlace,
	type AppointmentRecord
} from './store.server';
import { translator, type Lang } from '$lib/i18n';
import { parsePhone } from '$lib/notify/phone';
import { offeredChannels } from '$lib/notify/providers.server';
import { REMINDER_CHANNELS, type ReminderChannel } from './reminders';
import type { BookedAppointment, CancelledAppointment, RescheduledAppointment } from './views';

const optional = (schema: z.ZodType<string>) =>
	z
		.union([z.literal(''), schema])
		.optional()
		.transform((v) => (v ? v : undefined));

const Citizen = z
	.object({
		cpf: CpfSchema,
		name: text(200),
		email: optional(z.email().max(320)),
		phone: optional(z.string().trim().regex(/^\+?[\d\s().-]{8,20}$/, 'Telefone inválido'))
	})
	.refine((c) => c.email || c.phone, ownCheck('contact_required', 'Informe e-mail ou telefone', ['email']));

const Start = z.iso.datetime({ offset: true }).refine((s) => isSaneInstant(new Date(s)), `A time from ${FIRST_YEAR} to ${LAST_YEAR}.`);

/** Reminders on the phone (docs/api.md#visitor-messages): a channel with a configured provider and a mobile number. */
const ReminderRequest = z.object({
	channel: z.enum(REMINDER_CHANNELS),
	phone: z.string().max(30).describe('E.164 or a Brazilian form, e.g. `(48) 99999-0000`')
});

export const BookInput = z.object({
	unit: slug,
	service: slug,
	start: Start,
	citizen: Citizen,
	notify: ReminderRequest.optional().describe('Reminders by SMS or WhatsApp before the appointment, at the times the unit sets')
});

const NOT_OFFERED: Record<NotOfferedReason, string> = {
	past: 'This time is in the past.',
	too_soon: 'This time is too soon: book further ahead.',
	beyond_horizon: 'This date is beyond the booking horizon.',
	holiday: 'The unit is closed on this date (holiday).',
	closed: 'The unit takes no appointments on this date.',
	not_a_slot: 'No appointment slot starts at this time.'
};

const SLOT_FULL = 'This time has just been taken by someone else; choose another.';

/** 192 random bits: the manage link is the only key to change an appointment. */
const newManageToken = () => randomBytes(24).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function baseUrl(deps: Deps, origin: string): string {
	return (deps.config.publicUrl ?? origin).replace(/\/$/, '');
}


/** The slot behind a requested start, or a clear `slot_not_offered` / `slot_full`; the place is then taken under the row lock. */
async function claimSlot(trx: Db, unit: UnitRecord, serviceId: string, start: Date, now: Date): Promise<Slot> {
	const capacity = await capacityOf(trx, unit.id, serviceId);
	if (!capacity) throw new VezError('slot_not_offered', 'This unit takes no appointments for this service.', { service: 'no_appointments' });
	// Places are counted by the slot row below, not here: this check only asks "is it a slot?".
	const ctx: SlotContext = {
		template: capacity.template,
		exceptions: capacity.exceptions,
		holidays: await holidayRules(trx, unit.id),
		timezone: unit.timezone,
		now,
		booked: new Map()
	};
	const check = checkSlot(ctx, start);
	if (!check.ok) {
		if (check.code === 'slot_full') throw new VezError('slot_full', SLOT_FULL, { start: 'full' });
		const reason = whyNotOffered(ctx, start);
		throw new VezError('slot_not_offered', NOT_OFFERED[reason], { start: reason });
	}
	if (!(await takePlace(trx, unit.id, serviceId, start, check.slot.places))) throw new VezError('slot_full', SLOT_FULL, { start: 'full' });
	return check.slot;
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
	const err = e as { code?: string; constraint?: string; message?: string };
	return err?.code === '23505' && (err.constraint === constraint || (err.message ?? '').includes(constraint));
}

const ALREADY_BOOKED = 'This CPF already has an appointment for this service; cancel or reschedule it first.';

const bookingLimit = (deps: Deps): RateLimit => ({
	scope: 'booking',
	max: deps.config.bookingsPerIpHour,
	windowMs: 3_600_000,
	message: 'Too many bookings from this network. Wait an hour and try again, or book at a unit.'
});

/**
 * A citizen (or staff on their behalf) books a slot: one place of the slot, one active appointment
 * per CPF and service. Bookings by anyone but signed-in staff are limited per client IP, and a
 * device token's also per token wherever it is used from; a panel token (it sits in a TV's URL)
 * cannot book at all.
 */
export async function bookAppointment(
	deps: Deps,
	actor: Actor,
	raw: unknown,
	origin: string,
	ip?: string,
	key: IdempotencyKey | null = null,
	lang: Lang = 'pt-BR'
): Promise<BookedAppointment> {
	if (actor.kind === 'device' && actor.tokenKind === 'panel') throw new VezError('forbidden', 'A panel token cannot book appointments.');
	return once(deps, key && { key, scope: 'appointment', body: raw }, (transaction) => book(deps, actor, raw, origin, ip, transaction, lang));
}

/** The reminders asked for, checked: a channel on offer and a mobile number, with the consent text the visitor read. */
export interface Reminders {
	channel: ReminderChannel;
	phone: string;
	lang: Lang;
	consentText: string;
}

function remindersOf(deps: Deps, input: z.infer<typeof BookInput>, lang: Lang): Reminders | null {
	if (!input.notify) return null;
	if (!offeredChannels(deps.config.providers).includes(input.notify.channel)) {
		throw new VezError('channel_unavailable', `No provider is configured for ${input.notify.channel}`, { 'notify.channel': 'unavailable' });
	}
	const parsed = parsePhone(input.notify.phone);
	if (!parsed.ok) throw new VezError('invalid_input', parsed.code === 'not_mobile' ? 'Not a mobile number' : 'Not a phone number', { 'notify.phone': parsed.code }, { 'notify.phone': { code: 'invalid' } });
	return { channel: input.notify.channel, phone: parsed.e164, lang, consentText: translator(lang)('book.reminder.consent') };
}

async function book(
	deps: Deps,
	actor: Actor,
	raw: unknown,
	origin: string,
	ip: string | undefined,
	transaction: KeyedTransaction<BookedAppointment>,
	lang: Lang
): Promise<BookedAppointment> {
	const input = parse(BookInput, raw);
	const reminders = remindersOf(deps, input, lang);
	if (actor.kind !== 'user') {
		if (ip !== undefined) await consumeRateLimit(deps.db, bookingLimit(deps), ip, deps.now());
		if (actor.kind === 'device') await consumeRateLimit(deps.db, bookingLimit(deps), `token:${actor.id}`, deps.now());
	}
	const unit = await unitBySlug(deps.db, input.unit);
	const service = await offeredService(deps.db, unit.id, input.service);
	const token = newManageToken();
	const base = baseUrl(deps, origin);
	const manageUrl = `${base}/book/manage/${token}`;
	const answerOf = ({ code, slot }: { code: string; slot: Slot }): BookedAppointment => ({
		code,
		start: localIso(slot.start, unit.timezone),
		end: localIso(slot.end, unit.timezone),
		manageUrl,
		icsUrl: `${base}/api/v1/appointments/${code}.ics`
	});
	for (let attempt = 1; ; attempt++) {
		try {
			return answerOf(await insertBooking(deps, actor, input, reminders, unit, service, token, manageUrl, (work) => transaction(deps.db, work, answerOf)));
		} catch (e) {
			// Two bookings of one CPF racing past the check: the partial unique index decides.
			if (isUniqueViolation(e, 'appointments_one_active')) throw new VezError('already_booked', ALREADY_BOOKED, { 'citizen.cpf': 'already_booked' });
			// 40 random bits per code: a collision is rare but possible over years; draw again.
			if (isUniqueViolation(e, 'appointments_code_key') && attempt < 3) continue;
			throw e;
		}
	}
}

/** One booking attempt in one transaction: the CPF rule, the slot's place, the appointment (with its reminders' consent) and its confirmation mail. */
async function insertBooking(
	deps: Deps,
	actor: Actor,
	input: z.infer<typeof BookInput>,
	reminders: Reminders | null,
	unit: UnitRecord,
	service: Awaited<ReturnType<typeof offeredService>>,
	token: string,
	manageUrl: string,
	transaction: (work: (trx: Transaction<Database>) => Promise<{ code: string; slot: Slot }>) => Promise<{ code: string; slot: Slot }>
): Promise<{ code: string; slot: Slot }> {
	const now = deps.now();
	const start = new Date(input.start);
	return transaction(async (trx) => {
		const capacity = await capacityOf(trx, unit.id, service.id);
		const exclusive = capacity?.template.oneActivePerCpf !== false;
		if (exclusive) {
			if (await hasExclusiveBooking(trx, input.citizen.cpf, service.id)) throw new VezError('already_booked', ALREADY_BOOKED, { 'citizen.cpf': 'already_booked' });
		}
		const slot = await claimSlot(trx, unit, service.id, start, now);
		const code = formatBookingCode(randomBytes(BOOKING_CODE_BYTES));
		await insertAppointment(trx, {
			code,
			unitId: unit.id,
			serviceId: service.id,
			start: slot.start,
			end: slot.end,
			citizen: { cpf: input.citizen.cpf, name: input.citizen.name, email: input.citizen.email ?? null, phone: input.citizen.phone ?? null },
			manageTokenHash: hashToken(token),
			exclusive,
			bookedBy: actorLabel(actor),
			at: now,
			reminders
		});
		if (input.citizen.email) {
			const mail = confirmationMail({
				code,
				citizenName: input.citizen.name,
				serviceName: service.name,
				unitName: unit.name,
				unitAddress: unit.address,
				start: slot.start,
				timezone: unit.timezone,
				documents: service.documents,
				manageUrl,
				checkInFromMinutes: unit.settings.appointments?.earlyMinutes ?? DEFAULT_EARLY_MINUTES
			});
			await enqueueMail(trx, { to: input.citizen.email, subject: mail.subject, text: mail.text, kind: 'appointment_confirmation', ref: code });
		}
		return { code, slot };
	});
}

/** The appointment behind a code typed or scanned, or `appointment_not_found`. */
export async function appointmentByCode(db: Db, rawCode: string): Promise<AppointmentRecord> {
	const parsed = parseBookingCode(rawCode);
	const found = parsed.ok ? await appointmentWhere(db, { code: parsed.code }) : null;
	if (!found) throw new VezError('appointment_not_found', 'No appointment with this code.', { code: parsed.ok ? 'unknown' : parsed.error });
	return found;
}

/** The appointment of a manage link, or `appointment_not_found` (a forged token finds nothing). */
export async function appointmentByToken(db: Db, token: string): Promise<AppointmentRecord> {
	const found = token.length >= 16 && token.length <= 100 ? await appointmentWhere(db, { tokenHash: hashToken(token) }) : null;
	if (!found) throw new VezError('appointment_not_found', 'This manage link is not valid.', { token: 'invalid' });
	return found;
}

/** Runs a look-up by booking code or manage link under the per-address throttle on wrong ones. */
function guessBookingKey<T>(deps: Deps, address: string, check: () => Promise<T>): Promise<T> {
	return throttledGuess(deps.db, deps.now(), [[BOOKING_KEY_PER_ADDRESS, address]], check);
}

/** The appointment of a manage link opened by a citizen (throttled per address). */
export function appointmentOfManageLink(deps: Deps, token: string, address: string): Promise<AppointmentRecord> {
	return guessBookingKey(deps, address, () => appointmentByToken(deps.db, token));
}

/** The code and token must belong together; compared in constant time. */
function requireToken(appointment: AppointmentRecord, token: string): void {
	const given = Buffer.from(hashToken(token), 'hex');
	const stored = Buffer.from(appointment.manageTokenHash, 'hex');
	if (given.length !== stored.length || !timingSafeEqual(given, stored)) {
		throw new VezError('invalid_manage_token', 'The manage token does not match this appointment.', { token: 'invalid' });
	}
}

export const TokenInput = z.object({ token: z.string().min(1).max(200) });

/** The holder of the manage token cancels: the appointment is cancelled and its place freed, once. */
export async function cancelAppointment(deps: Deps, code: string, raw: unknown, address: string): Promise<CancelledAppointment> {
	const { token } = parse(TokenInput, raw);
	const appointment = await guessBookingKey(deps, address, async () => {
		const found = await appointmentByCode(deps.db, code);
		requireToken(found, token);
		return found;
	});
	return cancelChecked(deps, appointment);
}

/**
 * A chat's citizen cancels from WhatsApp: the number Meta verified is the appointment's phone
 * (the same match "my appointments" lists by), which stands for the manage token the e-mail
 * carries. Another number's code reads as unknown.
 */
export async function cancelAppointmentOfPhone(deps: Deps, code: string, e164: string): Promise<CancelledAppointment> {
	const appointment = await appointmentByCode(deps.db, code);
	if (!phoneMatches(appointment.citizenPhone, e164)) throw new VezError('appointment_not_found', 'No appointment with this code.', { code: 'unknown' });
	return cancelChecked(deps, appointment);
}

/** The cancellation itself, once whoever asked was checked: cancelled and its place freed, once. */
async function cancelChecked(deps: Deps, appointment: AppointmentRecord): Promise<CancelledAppointment> {
	const now = deps.now();
	await deps.db.transaction().execute(async (trx) => {
		if (!(await cancelBooked(trx, appointment.id, now))) throw new VezError('appointment_not_active', 'This appointment is no longer active.', { status: appointment.status });
		await releasePlace(trx, appointment.unitId, appointment.serviceId, appointment.startAt);
	});
	return { code: appointment.code, status: 'cancelled' };
}

export const RescheduleInput = TokenInput.extend({ start: Start });

/** The holder of the manage token moves the appointment to another free slot of the same unit and service. */
export async function rescheduleAppointment(deps: Deps, code: string, raw: unknown, address: string): Promise<RescheduledAppointment> {
	const input = parse(RescheduleInput, raw);
	const appointment = await guessBookingKey(deps, address, async () => {
		const found = await appointmentByCode(deps.db, code);
		requireToken(found, input.token);
		return found;
	});
	const unit = await unitBySlug(deps.db, appointment.unitSlug);
	const start = new Date(input.start);
	const now = deps.now();
	const slot = await deps.db.transaction().execute(async (trx) => {
		const locked = await lockAppointment(trx, appointment.id);
		if (locked.status !== 'booked') throw new VezError('appointment_not_active', 'This appointment is no longer active.', { status: locked.status });
		if (locked.startAt.getTime() === start.getTime()) throw new VezError('slot_not_offered', 'The appointment is already at this time.', { start: 'same' });
		// Slot rows are locked in time order, so two reschedules swapping slots cannot deadlock.
		const earlierFirst = locked.startAt.getTime() < start.getTime();
		if (earlierFirst) await releasePlace(trx, appointment.unitId, appointment.serviceId, locked.startAt);
		const slot = await claimSlot(trx, unit, appointment.serviceId, start, now);
		if (!earlierFirst) await releasePlace(trx, appointment.unitId, appointment.serviceId, locked.startAt);
		await moveAppointment(trx, appointment.id, slot, now);
		return slot;
	});
	return { code: appointment.code, start: localIso(slot.start, unit.timezone), end: localIso(slot.end, unit.timezone) };
}

/**
 * The manage link's own buttons: the link's token finds the appointment and is its credential.
 * A token that finds nothing still runs the code's check (with no code), so a forged link meets
 * the same throttle and answer as a wrong code.
 */
export async function cancelByManageLink(deps: Deps, token: string, address: string): Promise<CancelledAppointment> {
	const a = await appointmentByToken(deps.db, token).catch(() => null);
	return cancelAppointment(deps, a?.code ?? '', { token }, address);
}

/** Moves the appointment of a manage link to `start` (see `cancelByManageLink`). */
export async function rescheduleByManageLink(deps: Deps, token: string, start: string, address: string): Promise<RescheduledAppointment> {
	const a = await appointmentByToken(deps.db, token).catch(() => null);
	return rescheduleAppointment(deps, a?.code ?? '', { token, start }, address);
}

/** The "add to calendar" file of an appointment: local time with its zone, a reminder the day before. */
export async function appointmentIcsFile(deps: Deps, code: string, origin: string, address: string): Promise<{ filename: string; body: string }> {
	const a = await guessBookingKey(deps, address, () => appointmentByCode(deps.db, code));
	if (a.status === 'cancelled') throw new VezError('appointment_not_active', 'This appointment was cancelled.', { status: a.status });
	const body = appointmentIcs({
		uid: `${a.code}@vez`,
		start: a.startAt,
		end: a.endAt,
		timezone: a.timezone,
		summary: `${a.serviceName} — ${a.unitName}`,
		location: [a.unitName, a.unitAddress].filter(Boolean).join(', '),
		description: [`Código: ${a.code}`, ...(a.documents.length ? ['Documentos:', ...a.documents.map((d) => `- ${d}`)] : [])].join('\n'),
		url: `${baseUrl(deps, origin)}/book`,
		alarmMinutesBefore: 24 * 60,
		stamp: deps.now()
	});
	return { filename: `agendamento-${a.code}.ics`, body };
}

/** What the manage page and the API show of an appointment (no CPF). */
export function appointmentView(a: AppointmentRecord) {
	return {
		code: a.code,
		status: a.status,
		start: localIso(a.startAt, a.timezone),
		end: localIso(a.endAt, a.timezone),
		timezone: a.timezone,
		unit: { slug: a.unitSlug, name: a.unitName, address: a.unitAddress },
		service: { code: a.serviceCode, name: a.serviceName, documents: a.documents },
		citizenName: a.citizenName
	};
}
