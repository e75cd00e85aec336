import { sql } from 'kysely';
import { VezError } from '$lib/errors';
import type { Db } from '$lib/server/db/database';
import type { AppointmentStatus } from '$lib/server/db/schema';
import type { StoredCapacityException, StoredCapacityTemplate } from './capacity';
import { holidayRules } from '$lib/units/store.server';
import type { UnitRecord } from '$lib/units/store.server';
import type { SlotContext } from './slots';

/** A service a unit offers, or `service_not_offered`. */
export async function offeredService(db: Db, unitId: string, code: string) {
	const service = await db
		.selectFrom('unit_services')
		.innerJoin('services', 'services.id', 'unit_services.service_id')
		.select(['services.id', 'services.code', 'services.name', 'services.documents'])
		.where('unit_services.unit_id', '=', unitId)
		.where('services.code', '=', code)
		.where('unit_services.active', '=', true)
		.where('services.active', '=', true)
		.executeTakeFirst();
	if (!service) throw new VezError('service_not_offered', 'This unit does not offer this service.', { service: 'not_offered' });
	return service;
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

/** Booked appointments still ahead whose phone is this number (E.164, or typed without +55), soonest first. */
export async function upcomingAppointmentsOfPhone(db: Db, e164: string, now: Date, limit: number) {
	const digits = e164.replace(/\D/g, '');
	const national = digits.startsWith('55') ? digits.slice(2) : digits;
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

/** The booking code and service code of an appointment, or undefined. */
export async function codeAndService(db: Db, code: string): Promise<{ code: string; serviceCode: string } | undefined> {
	return db
		.selectFrom('appointments')
		.innerJoin('services', 'services.id', 'appointments.service_id')
		.select(['appointments.code', 'services.code as serviceCode'])
		.where('appointments.code', '=', code)
		.executeTakeFirst();
}

/** A CPF's booked appointments at a unit starting in [from, to). */
export async function bookedOfCpfBetween(db: Db, cpf: string, unitId: string, from: Date, to: Date): Promise<{ code: string; serviceCode: string; startAt: Date }[]> {
	const rows = await db
		.selectFrom('appointments')
		.innerJoin('services', 'services.id', 'appointments.service_id')
		.select(['appointments.code', 'appointments.start_at', 'services.code as serviceCode'])
		.where('appointments.citizen_cpf', '=', cpf)
		.where('appointments.unit_id', '=', unitId)
		.where('appointments.status', '=', 'booked')
		.where('appointments.start_at', '>=', from)
		.where('appointments.start_at', '<', to)
		.execute();
	return rows.map((r) => ({ code: r.code, serviceCode: r.serviceCode, startAt: r.start_at }));
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
