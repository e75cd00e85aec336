import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { AppointmentStatus } from '$lib/server/db/schema';
import type { StoredCapacityException, StoredCapacityTemplate } from './capacity';
import { holidayRules } from '$lib/units/store.server';
import type { UnitRecord } from '$lib/units/store.server';
import type { SlotContext } from './slots';

/** The booking codes of these appointments, by id. */
export async function appointmentCodes(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
	if (!ids.length) return new Map();
	const rows = await db.selectFrom('appointments').select(['id', 'code']).where('id', 'in', ids).execute();
	return new Map(rows.map((r) => [r.id, r.code]));
}

/** The units where a service can be booked (they have a capacity set for it). */
export async function unitsBookingService(db: Db, serviceId: string): Promise<Set<string>> {
	const rows = await db.selectFrom('appointment_capacity').select('unit_id').where('service_id', '=', serviceId).execute();
	return new Set(rows.map((r) => r.unit_id));
}

export interface Capacity {
	readonly template: StoredCapacityTemplate;
	readonly exceptions: readonly StoredCapacityException[];
}

/** The unit-service's capacity, or null when it takes no appointments. */
export async function capacityOf(db: Db, unitId: string, serviceId: string): Promise<Capacity | null> {
	const row = await db
		.selectFrom('appointment_capacity')
		.select(['template', 'exceptions'])
		.where('unit_id', '=', unitId)
		.where('service_id', '=', serviceId)
		.executeTakeFirst();
	return row ? { template: row.template, exceptions: row.exceptions } : null;
}

/** Places taken per slot start (`toISOString()`) in [from, to). */
export async function bookedBetween(db: Db, unitId: string, serviceId: string, from: Date, to: Date): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('appointment_slots')
		.select(['start_at', 'booked'])
		.where('unit_id', '=', unitId)
		.where('service_id', '=', serviceId)
		.where('start_at', '>=', from)
		.where('start_at', '<', to)
		.execute();
	return new Map(rows.map((r) => [r.start_at.toISOString(), r.booked]));
}

/** Everything slot generation needs for a unit-service, booked counts over [from, to). */
export async function slotContext(
	db: Db,
	unit: UnitRecord,
	serviceId: string,
	capacity: Capacity,
	now: Date,
	from: Date,
	to: Date
): Promise<SlotContext> {
	return {
		template: capacity.template,
		exceptions: capacity.exceptions,
		holidays: await holidayRules(db, unit.id),
		timezone: unit.timezone,
		now,
		booked: await bookedBetween(db, unit.id, serviceId, from, to)
	};
}

/**
 * Takes one place of a slot: the row is created or bumped in one statement, and only while it is
 * below `places` — under the row lock, so with many transactions racing for the last place on any
 * number of processes exactly one gets it. False when the slot is full.
 */
export async function takePlace(trx: Db, unitId: string, serviceId: string, start: Date, places: number): Promise<boolean> {
	if (places <= 0) return false;
	const row = await trx
		.insertInto('appointment_slots')
		.values({ unit_id: unitId, service_id: serviceId, start_at: start, booked: 1 })
		.onConflict((oc) =>
			oc
				.columns(['unit_id', 'service_id', 'start_at'])
				.doUpdateSet({ booked: sql<number>`appointment_slots.booked + 1` })
				.where('appointment_slots.booked', '<', places)
		)
		.returning('booked')
		.executeTakeFirst();
	return row !== undefined;
}

/** Gives a place back (cancel, reschedule). */
export async function releasePlace(trx: Db, unitId: string, serviceId: string, start: Date): Promise<void> {
	await trx
		.updateTable('appointment_slots')
		.set({ booked: sql<number>`greatest(booked - 1, 0)` })
		.where('unit_id', '=', unitId)
		.where('service_id', '=', serviceId)
		.where('start_at', '=', start)
		.execute();
}

/** The digit forms a booking's phone takes for a chat number: E.164's digits, or typed without +55. */
function phoneForms(e164: string): [string, string] {
	const digits = e164.replace(/\D/g, '');
	return [digits, digits.startsWith('55') ? digits.slice(2) : digits];
}

/** Whether a booking's phone, as typed, is this chat number. */
export function phoneMatches(stored: string | null, e164: string): boolean {
	return stored !== null && phoneForms(e164).includes(stored.replace(/\D/g, ''));
}

/** Booked appointments still ahead whose phone is this number (E.164, or typed without +55), soonest first. */
export async function upcomingAppointmentsOfPhone(db: Db, e164: string, now: Date, limit: number) {
	const [digits, national] = phoneForms(e164);
	const rows = await db
		.selectFrom('appointments')
		.innerJoin('services', 'services.id', 'appointments.service_id')
		.innerJoin('units', 'units.id', 'appointments.unit_id')
		.select(['appointments.code', 'appointments.start_at', 'services.name as service', 'units.name as unit'])
		.where('appointments.status', '=', 'booked')
		.where('appointments.start_at', '>', now)
		.where(sql<string>`regexp_replace(coalesce(appointments.citizen_phone, ''), '[^0-9]', '', 'g')`, 'in', [digits, national])
		.orderBy('appointments.start_at')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ code: r.code, startAt: r.start_at, service: r.service, unit: r.unit }));
}

/** Marks an appointment checked in if it is still in the status it was read in; false when it was not. */
export async function markCheckedIn(trx: Db, id: string, status: AppointmentStatus, at: Date): Promise<boolean> {
	const row = await trx
		.updateTable('appointments')
		.set({ status: 'checked_in', checked_in_at: at })
		.where('id', '=', id)
		.where('status', '=', status)
		.returning('id')
		.executeTakeFirst();
	return row !== undefined;
}

export interface AppointmentRecord {
	id: string;
	code: string;
	status: AppointmentStatus;
	startAt: Date;
	endAt: Date;
	citizenName: string | null;
	/** As typed at booking: "my appointments" on WhatsApp matches it to the chat's number. */
	citizenPhone: string | null;
	manageTokenHash: string;
	unitId: string;
	serviceId: string;
	unitSlug: string;
	unitName: string;
	unitAddress: string;
	timezone: string;
	serviceCode: string;
	serviceName: string;
	documents: string[];
}

/** Appointments joined with their unit and service: what the appointment's own readers select from. */
function withUnitAndService(db: Db) {
	return db
		.selectFrom('appointments')
		.innerJoin('units', 'units.id', 'appointments.unit_id')
		.innerJoin('services', 'services.id', 'appointments.service_id');
}

/** Appointments with their unit and service, as {@link AppointmentRecord} reads them. */
function appointmentRecords(db: Db) {
	return withUnitAndService(db).select([
			'appointments.id',
			'appointments.code',
			'appointments.status',
			'appointments.start_at',
			'appointments.end_at',
			'appointments.citizen_name',
			'appointments.citizen_phone',
			'appointments.manage_token_hash',
			'appointments.unit_id',
			'appointments.service_id',
			'units.slug as unitSlug',
			'units.name as unitName',
			'units.address as unitAddress',
			'units.timezone',
			'services.code as serviceCode',
			'services.name as serviceName',
			'services.documents'
		]);
}

type AppointmentRecordRow = Awaited<ReturnType<ReturnType<typeof appointmentRecords>['executeTakeFirstOrThrow']>>;

function appointmentRecordOf(r: AppointmentRecordRow): AppointmentRecord {
	return {
		id: r.id,
		code: r.code,
		status: r.status,
		startAt: r.start_at,
		endAt: r.end_at,
		citizenName: r.citizen_name,
		citizenPhone: r.citizen_phone,
		manageTokenHash: r.manage_token_hash,
		unitId: r.unit_id,
		serviceId: r.service_id,
		unitSlug: r.unitSlug,
		unitName: r.unitName,
		unitAddress: r.unitAddress,
		timezone: r.timezone,
		serviceCode: r.serviceCode,
		serviceName: r.serviceName,
		documents: r.documents
	};
}

/** An appointment with its unit and service, for the manage page, the .ics and check-in. */
export async function appointmentWhere(db: Db, by: { code: string } | { tokenHash: string }): Promise<AppointmentRecord | null> {
	const q = appointmentRecords(db);
	const r = await ('code' in by ? q.where('appointments.code', '=', by.code) : q.where('appointments.manage_token_hash', '=', by.tokenHash)).executeTakeFirst();
	return r ? appointmentRecordOf(r) : null;
}

/** What check-in needs of an appointment — nothing of the citizen's. */
export interface CheckInCandidate {
	id: string;
	code: string;
	status: AppointmentStatus;
	startAt: Date;
	unitId: string;
	unitName: string;
	serviceCode: string;
}

function checkInCandidates(db: Db) {
	return withUnitAndService(db).select([
			'appointments.id',
			'appointments.code',
			'appointments.status',
			'appointments.start_at as startAt',
			'appointments.unit_id as unitId',
			'units.name as unitName',
			'services.code as serviceCode'
		]);
}

/** The appointment of a booking code, at whichever unit, as check-in reads it. */
export async function checkInCandidateByCode(db: Db, code: string): Promise<CheckInCandidate | null> {
	return (await checkInCandidates(db).where('appointments.code', '=', code).executeTakeFirst()) ?? null;
}

/** A CPF's booked appointments at a unit starting in [from, to), as check-in reads them. */
export async function bookedOfCpfBetween(db: Db, cpf: string, unitId: string, from: Date, to: Date): Promise<CheckInCandidate[]> {
	return checkInCandidates(db)
		.where('appointments.citizen_cpf', '=', cpf)
		.where('appointments.unit_id', '=', unitId)
		.where('appointments.status', '=', 'booked')
		.where('appointments.start_at', '>=', from)
		.where('appointments.start_at', '<', to)
		.execute();
}

/** Whether the CPF holds a booked appointment of the service that counts toward one active per CPF. */
export async function hasExclusiveBooking(db: Db, cpf: string, serviceId: string): Promise<boolean> {
	const row = await db
		.selectFrom('appointments')
		.select('id')
		.where('citizen_cpf', '=', cpf)
		.where('service_id', '=', serviceId)
		.where('status', '=', 'booked')
		.where('exclusive', '=', true)
		.executeTakeFirst();
	return row !== undefined;
}

export interface NewAppointment {
	code: string;
	unitId: string;
	serviceId: string;
	start: Date;
	end: Date;
	citizen: { cpf: string; name: string; email: string | null; phone: string | null };
	manageTokenHash: string;
	exclusive: boolean;
	bookedBy: string;
	at: Date;
	/** Phone reminders asked for, with the consent text shown. */
	reminders: { channel: 'sms' | 'whatsapp'; phone: string; lang: string; consentText: string } | null;
}

export async function insertAppointment(trx: Db, a: NewAppointment): Promise<void> {
	await trx
		.insertInto('appointments')
		.values({
			code: a.code,
			unit_id: a.unitId,
			service_id: a.serviceId,
			start_at: a.start,
			end_at: a.end,
			citizen_cpf: a.citizen.cpf,
			citizen_name: a.citizen.name,
			citizen_email: a.citizen.email,
			citizen_phone: a.citizen.phone,
			manage_token_hash: a.manageTokenHash,
			exclusive: a.exclusive,
			booked_by: a.bookedBy,
			created_at: a.at,
			...(a.reminders && {
				reminder_channel: a.reminders.channel,
				reminder_phone: a.reminders.phone,
				reminder_lang: a.reminders.lang,
				reminder_consent_text: a.reminders.consentText,
				reminder_consent_at: a.at,
				reminders_from: a.at
			})
		})
		.execute();
}

/** Cancels a booked appointment; false when it was not booked any more. */
export async function cancelBooked(trx: Db, id: string, at: Date): Promise<boolean> {
	const row = await trx
		.updateTable('appointments')
		.set({ status: 'cancelled', cancelled_at: at })
		.where('id', '=', id)
		.where('status', '=', 'booked')
		.returning('id')
		.executeTakeFirst();
	return row !== undefined;
}

/** An appointment's status and start, its row locked for the change under way. */
export async function lockAppointment(trx: Db, id: string): Promise<{ status: AppointmentStatus; startAt: Date }> {
	const row = await trx.selectFrom('appointments').select(['status', 'start_at']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
	return { status: row.status, startAt: row.start_at };
}

/** Moves an appointment to another slot; its reminder is sent again for the new day. */
export async function moveAppointment(trx: Db, id: string, slot: { start: Date; end: Date }, at: Date): Promise<void> {
	// Reminders are owed afresh from the move on (reminders_from), e-mail and phone alike.
	await trx.updateTable('appointments').set({ start_at: slot.start, end_at: slot.end, reminder_sent_at: null, reminders_from: at }).where('id', '=', id).execute();
}

/** Sets a unit-service's capacity template and exceptions, creating the row the first time. */
export async function saveCapacity(trx: Db, unitId: string, serviceId: string, capacity: Capacity, at: Date, by: string): Promise<void> {
	const written = { template: JSON.stringify(capacity.template), exceptions: JSON.stringify(capacity.exceptions), updated_at: at, updated_by: by };
	await trx
		.insertInto('appointment_capacity')
		.values({ unit_id: unitId, service_id: serviceId, ...written })
		.onConflict((oc) => oc.columns(['unit_id', 'service_id']).doUpdateSet(written))
		.execute();
}

/** The services a unit takes appointments for, by name, with their capacity. */
export async function capacitiesOfUnit(db: Db, unitId: string): Promise<({ serviceId: string; code: string; name: string } & Capacity)[]> {
	const rows = await db
		.selectFrom('appointment_capacity')
		.innerJoin('services', 'services.id', 'appointment_capacity.service_id')
		.select(['services.id', 'services.code', 'services.name', 'appointment_capacity.template', 'appointment_capacity.exceptions'])
		.where('appointment_capacity.unit_id', '=', unitId)
		.orderBy('services.name')
		.execute();
	return rows.map((r) => ({ serviceId: r.id, code: r.code, name: r.name, template: r.template, exceptions: r.exceptions }));
}

/** The codes of the services some unit takes appointments for. */
export async function bookableServiceCodes(db: Db): Promise<Set<string>> {
	const rows = await db
		.selectFrom('appointment_capacity')
		.innerJoin('services', 'services.id', 'appointment_capacity.service_id')
		.select('services.code')
		.distinct()
		.execute();
	return new Set(rows.map((r) => r.code));
}

/** The units taking appointments for an active service they offer, with the service's id. */
export async function unitsBookingServiceCode(db: Db, serviceCode: string): Promise<{ unitId: string; serviceId: string }[]> {
	const rows = await db
		.selectFrom('appointment_capacity')
		.innerJoin('services', 'services.id', 'appointment_capacity.service_id')
		.innerJoin('unit_services', (j) =>
			j.onRef('unit_services.unit_id', '=', 'appointment_capacity.unit_id').onRef('unit_services.service_id', '=', 'appointment_capacity.service_id')
		)
		.select(['appointment_capacity.unit_id', 'services.id as serviceId'])
		.where('services.code', '=', serviceCode)
		.where('services.active', '=', true)
		.where('unit_services.active', '=', true)
		.execute();
	return rows.map((r) => ({ unitId: r.unit_id, serviceId: r.serviceId }));
}

export interface UnitAppointment {
	code: string;
	serviceId: string;
	startAt: Date;
	status: AppointmentStatus;
	citizenName: string | null;
	citizenCpf: string | null;
	/** Who booked, as stored (`anonymous` for the citizen online). */
	bookedBy: string;
	/** The booker's full name when a person booked. */
	bookedByName: string | null;
}

/** A unit's appointments starting in [from, to), by start. */
export async function appointmentsOfUnitBetween(db: Db, unitId: string, from: Date, to: Date): Promise<UnitAppointment[]> {
	const rows = await db
		.selectFrom('appointments')
		.leftJoin('users as by', (join) => join.on(sql<boolean>`appointments.booked_by = 'user:' || by.username`))
		.select(['code', 'service_id', 'start_at', 'status', 'citizen_name', 'citizen_cpf', 'booked_by', 'by.name as booked_by_name'])
		.where('unit_id', '=', unitId)
		.where('start_at', '>=', from)
		.where('start_at', '<', to)
		.orderBy('start_at')
		.execute();
	return rows.map((r) => ({
		code: r.code,
		serviceId: r.service_id,
		startAt: r.start_at,
		status: r.status,
		citizenName: r.citizen_name,
		citizenCpf: r.citizen_cpf,
		bookedBy: r.booked_by,
		bookedByName: r.booked_by_name
	}));
}

/** A unit's appointments still booked (not checked in) starting in [from, to): what the wait forecast expects to come. */
export async function bookedStartsBetween(db: Db, unitId: string, from: Date, to: Date): Promise<{ serviceId: string; startAt: Date }[]> {
	const rows = await db
		.selectFrom('appointments')
		.select(['service_id', 'start_at'])
		.where('unit_id', '=', unitId)
		.where('status', '=', 'booked')
		.where('start_at', '>=', from)
		.where('start_at', '<', to)
		.execute();
	return rows.map((r) => ({ serviceId: r.service_id, startAt: r.start_at }));
}

/** Per service, of a unit's appointments starting in [from, to): how many were due (came or missed) and how many came. */
export async function showsByServiceBetween(db: Db, unitId: string, from: Date, to: Date): Promise<{ serviceId: string; due: number; came: number }[]> {
	const rows = await db
		.selectFrom('appointments')
		.select([
			'service_id',
			sql<number>`(count(*) filter (where status = 'checked_in'))::int`.as('came'),
			sql<number>`(count(*) filter (where status in ('checked_in', 'no_show')))::int`.as('due')
		])
		.where('unit_id', '=', unitId)
		.where('start_at', '>=', from)
		.where('start_at', '<', to)
		.groupBy('service_id')
		.execute();
	return rows.map((r) => ({ serviceId: r.service_id, due: r.due, came: r.came }));
}

/** How many of a unit's appointments starting in [from, to) are in each status. */
export async function statusCountsBetween(db: Db, unitId: string, from: Date, to: Date): Promise<Record<AppointmentStatus, number>> {
	const rows = await db
		.selectFrom('appointments')
		.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('unit_id', '=', unitId)
		.where('start_at', '>=', from)
		.where('start_at', '<', to)
		.groupBy('status')
		.execute();
	const counts: Record<AppointmentStatus, number> = { booked: 0, checked_in: 0, no_show: 0, cancelled: 0 };
	for (const r of rows) counts[r.status] = Number(r.n);
	return counts;
}

/** Marks a unit's booked appointments that started before `before` as no-shows; returns their starts. */
export async function markNoShowsBefore(db: Db, unitId: string, before: Date, at: Date): Promise<Date[]> {
	const rows = await db
		.updateTable('appointments')
		.set({ status: 'no_show', no_show_at: at })
		.where('unit_id', '=', unitId)
		.where('status', '=', 'booked')
		.where('start_at', '<', before)
		.returning('start_at')
		.execute();
	return rows.map((r) => r.start_at);
}

/**
 * Claims the reminders due for a unit's booked appointments starting in [from, to) with an e-mail
 * address: each is marked sent in the caller's transaction, so two processes send one reminder.
 */
export async function claimReminders(trx: Db, unitId: string, from: Date, to: Date, at: Date) {
	const rows = await trx
		.updateTable('appointments')
		.set({ reminder_sent_at: at })
		.where('unit_id', '=', unitId)
		.where('status', '=', 'booked')
		.where('reminder_sent_at', 'is', null)
		.where('citizen_email', 'is not', null)
		.where('start_at', '>=', from)
		.where('start_at', '<', to)
		.returning(['code', 'service_id', 'start_at', 'citizen_name', 'citizen_email'])
		.execute();
	// A booked appointment always has its citizen (appointments_booked_has_citizen), and these an address.
	return rows.map((r) => ({ code: r.code, serviceId: r.service_id, startAt: r.start_at, citizenName: r.citizen_name ?? '', citizenEmail: r.citizen_email! }));
}

// ---- a citizen's appointments (LGPD report, anonymisation, retention) ---------------------------

/** Every appointment of a CPF, latest first, with what the LGPD report shows of each. */
export async function appointmentsOfCitizen(db: Db, cpf: string) {
	const rows = await db
		.selectFrom('appointments as a')
		.innerJoin('units as u', 'u.id', 'a.unit_id')
		.innerJoin('services as s', 's.id', 'a.service_id')
		.select([
			'a.id',
			'a.code',
			'u.slug as unit',
			's.name as service',
			'a.start_at',
			'a.status',
			'a.citizen_name',
			'a.citizen_email',
			'a.citizen_phone',
			'a.booked_by',
			'a.created_at',
			'a.reminder_channel',
			'a.reminder_phone',
			'a.reminder_consent_text',
			'a.reminder_consent_at'
		])
		.where('a.citizen_cpf', '=', cpf)
		.orderBy('a.start_at', 'desc')
		.execute();
	return rows.map((a) => ({
		id: a.id,
		code: a.code,
		unit: a.unit,
		service: a.service,
		startAt: a.start_at,
		status: a.status,
		citizenName: a.citizen_name,
		citizenEmail: a.citizen_email,
		citizenPhone: a.citizen_phone,
		bookedBy: a.booked_by,
		createdAt: new Date(a.created_at),
		reminders:
			a.reminder_channel && a.reminder_consent_at
				? { channel: a.reminder_channel, phone: a.reminder_phone, consentText: a.reminder_consent_text ?? '', consentAt: a.reminder_consent_at }
				: null
	}));
}

/** The phone numbers a CPF's appointments give, their reminders' included (blank ones left out). */
export async function phonesOfCitizenAppointments(db: Db, cpf: string): Promise<string[]> {
	const rows = await db.selectFrom('appointments').select(['citizen_phone', 'reminder_phone']).where('citizen_cpf', '=', cpf).execute();
	return rows.flatMap((r) => [r.citizen_phone, r.reminder_phone]).filter((p): p is string => !!p);
}

/** The e-mail addresses a CPF's appointments give (blank ones left out). */
export async function emailsOfCitizenAppointments(db: Db, cpf: string): Promise<string[]> {
	const rows = await db.selectFrom('appointments').select('citizen_email').where('citizen_cpf', '=', cpf).execute();
	return rows.map((r) => r.citizen_email).filter((e): e is string => !!e);
}

/** Cancels every booked appointment of a CPF; returns the slots whose places they held. */
export async function cancelBookedOfCpf(trx: Db, cpf: string, at: Date): Promise<{ unitId: string; serviceId: string; startAt: Date }[]> {
	const rows = await trx
		.updateTable('appointments')
		.set({ status: 'cancelled', cancelled_at: at })
		.where('citizen_cpf', '=', cpf)
		.where('status', '=', 'booked')
		.returning(['unit_id', 'service_id', 'start_at'])
		.execute();
	return rows.map((r) => ({ unitId: r.unit_id, serviceId: r.service_id, startAt: r.start_at }));
}

// The reminders' number goes with the rest; their consent record (channel, text, time) stays.
const NO_CITIZEN = { citizen_cpf: null, citizen_name: null, citizen_email: null, citizen_phone: null, reminder_phone: null } as const;

/** Blanks the citizen of every appointment of a CPF; returns their codes. */
export async function anonymiseAppointmentsOfCpf(trx: Db, cpf: string, at: Date): Promise<string[]> {
	const rows = await trx
		.updateTable('appointments')
		.set({ ...NO_CITIZEN, anonymised_at: at })
		.where('citizen_cpf', '=', cpf)
		.returning('code')
		.execute();
	return rows.map((r) => r.code);
}

/**
 * Blanks the citizen of appointments no longer booked whose time is before `before`; guarded by
 * `anonymised_at IS NULL`. A booked one never is: check-in and the no-show job still need it.
 */
export async function anonymiseInactiveAppointmentsBefore(trx: Db, before: Date, at: Date): Promise<string[]> {
	const rows = await trx
		.updateTable('appointments')
		.set({ ...NO_CITIZEN, anonymised_at: at })
		.where('anonymised_at', 'is', null)
		.where('status', '<>', 'booked')
		.where('start_at', '<', before)
		.returning('code')
		.execute();
	return rows.map((r) => r.code);
}

/** A booked appointment with phone reminders, and what its reminder says. */
export interface AppointmentWithReminders {
	id: string;
	code: string;
	unitId: string;
	startAt: Date;
	channel: 'sms' | 'whatsapp';
	lang: string | null;
	/** The booking's or last reschedule's time. */
	remindersFrom: Date | null;
	/** The unit's leads in minutes, when it set its own. */
	unitLeads: number[] | undefined;
	unitName: string;
	timezone: string;
	serviceName: string;
}

/** Booked appointments with phone reminders starting within `minutes`. */
export async function appointmentsWithReminders(db: Db, now: Date, minutes: number): Promise<AppointmentWithReminders[]> {
	const rows = await db
		.selectFrom('appointments as a')
		.innerJoin('units as u', 'u.id', 'a.unit_id')
		.innerJoin('services as s', 's.id', 'a.service_id')
		.select(['a.id', 'a.code', 'a.unit_id', 'a.start_at', 'a.reminder_channel', 'a.reminder_lang', 'a.reminders_from', 'u.name as unitName', 'u.timezone', 'u.settings', 's.name as serviceName'])
		.where('a.status', '=', 'booked')
		.where('a.reminder_channel', 'is not', null)
		.where('a.reminder_phone', 'is not', null)
		.where('a.start_at', '>', now)
		.where('a.start_at', '<=', new Date(now.getTime() + minutes * 60_000))
		.execute();
	return rows.map((r) => ({
		id: r.id,
		code: r.code,
		unitId: r.unit_id,
		startAt: r.start_at,
		channel: r.reminder_channel!,
		lang: r.reminder_lang,
		remindersFrom: r.reminders_from,
		unitLeads: r.settings.appointments?.reminderMinutes,
		unitName: r.unitName,
		timezone: r.timezone,
		serviceName: r.serviceName
	}));
}

/** Where an appointment's reminder goes and whether it is still owed (only while booked). */
export async function reminderTarget(db: Db, appointmentId: string): Promise<{ status: string; startAt: Date; phone: string | null } | undefined> {
	const r = await db.selectFrom('appointments').select(['status', 'start_at', 'reminder_phone']).where('id', '=', appointmentId).executeTakeFirst();
	return r && { status: r.status, startAt: r.start_at, phone: r.reminder_phone };
}
