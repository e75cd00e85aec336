import { DateTime } from 'luxon';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { actorLabel } from '$lib/auth/actor-label';
import { parse } from '$lib/server/http/validate';
import { saneDate, type IsoDate } from '$lib/units/holidays';
import { offeredService, unitBySlug, type UnitRecord } from '$lib/units/store.server';
import { CapacitySettingsSchema } from './capacity';
import { daySlots, daysWithFreeSlots, lastBookableDate, localIso, nextFreeDay, slotsForDate, type Slot } from './slots';
import { capacityOf, saveCapacity, slotContext, type Capacity } from './store.server';
import { localDateOf } from '$lib/units/hours';
import type { PublicSlot } from './views';

/** The instants [start of `from`, start of the day after `to`) of local dates in a zone. */
export function localRange(from: IsoDate, to: IsoDate, timezone: string): { from: Date; to: Date } {
	return {
		from: DateTime.fromISO(from, { zone: timezone }).startOf('day').toJSDate(),
		to: DateTime.fromISO(to, { zone: timezone }).plus({ days: 1 }).startOf('day').toJSDate()
	};
}


export function publicSlot(s: Slot, timezone: string): PublicSlot {
	return { start: localIso(s.start, timezone), end: localIso(s.end, timezone), free: s.free };
}

async function requireCapacity(deps: Deps, unit: UnitRecord, serviceId: string): Promise<Capacity> {
	const capacity = await capacityOf(deps.db, unit.id, serviceId);
	if (!capacity) throw new VezError('slot_not_offered', 'This unit takes no appointments for this service.', { service: 'no_appointments' });
	return capacity;
}

const DateParam = saneDate();

export const SlotsQuery = z.object({ date: DateParam.meta({ description: "Local date YYYY-MM-DD in the unit's zone" }) });

/** The bookable slots of a local date (public): inside the horizon, after the minimum notice, with free places. */
export async function slotsOfDate(deps: Deps, unitSlug: string, serviceCode: string, date: unknown): Promise<PublicSlot[]> {
	const day = parse(SlotsQuery, { date }).date;
	const unit = await unitBySlug(deps.db, unitSlug);
	const service = await offeredService(deps.db, unit.id, serviceCode);
	const capacity = await requireCapacity(deps, unit, service.id);
	const range = localRange(day, day, unit.timezone);
	const ctx = await slotContext(deps.db, unit, service.id, capacity, deps.now(), range.from, range.to);
	return slotsForDate({ ...ctx, date: day }).map((s) => publicSlot(s, unit.timezone));
}

/** The first local date with a free slot, or null (the booking's unit list). */
export async function firstFreeDay(deps: Deps, unit: UnitRecord, serviceId: string): Promise<IsoDate | null> {
	const capacity = await capacityOf(deps.db, unit.id, serviceId);
	if (!capacity) return null;
	const now = deps.now();
	const today = localDateOf(now, unit.timezone);
	const range = localRange(today, lastBookableDate(capacity.template, unit.timezone, now), unit.timezone);
	const ctx = await slotContext(deps.db, unit, serviceId, capacity, now, range.from, range.to);
	return nextFreeDay(ctx);
}

/** Dates from today through the horizon with free slots (the booking calendar). */
export async function freeDays(deps: Deps, unit: UnitRecord, serviceId: string): Promise<{ date: IsoDate; freeSlots: number }[]> {
	const capacity = await requireCapacity(deps, unit, serviceId);
	const now = deps.now();
	const today = localDateOf(now, unit.timezone);
	const last = lastBookableDate(capacity.template, unit.timezone, now);
	const range = localRange(today, last, unit.timezone);
	const ctx = await slotContext(deps.db, unit, serviceId, capacity, now, range.from, range.to);
	return daysWithFreeSlots({ ...ctx, from: today, to: last }).map(({ date, freeSlots }) => ({ date, freeSlots }));
}

/** Every slot of a local date for the staff day view, ignoring notice and horizon. */
export async function staffDaySlots(deps: Deps, unit: UnitRecord, serviceId: string, capacity: Capacity, date: IsoDate): Promise<readonly Slot[]> {
	const range = localRange(date, date, unit.timezone);
	const ctx = await slotContext(deps.db, unit, serviceId, capacity, deps.now(), range.from, range.to);
	return daySlots(ctx, date);
}

/** A manager sets a unit-service's capacity template and exceptions (audited); already booked appointments stay. */
export async function setCapacity(deps: Deps, actor: Actor, unitSlug: string, serviceCode: string, raw: unknown): Promise<Capacity> {
	const input = parse(CapacitySettingsSchema, raw);
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'unit:manage', { unitId: unit.id });
	const service = await offeredService(deps.db, unit.id, serviceCode);
	const now = deps.now();
	await deps.db.transaction().execute(async (trx) => {
		await saveCapacity(trx, unit.id, service.id, input, now, actorLabel(actor));
		await audit(trx, actor, 'appointment_capacity.set', 'unit_service', `${unit.slug}/${service.code}`, input);
	});
	return { template: input.template, exceptions: input.exceptions };
}

/** A unit-service's capacity for staff, or null. */
export async function getCapacity(deps: Deps, actor: Actor, unitSlug: string, serviceCode: string): Promise<Capacity | null> {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'unit:manage', { unitId: unit.id });
	const service = await offeredService(deps.db, unit.id, serviceCode);
	return capacityOf(deps.db, unit.id, service.id);
}

const ClosedDateInput = z.object({ date: DateParam, reason: z.string().trim().max(200).optional() });

/** A manager closes one date of a unit-service to new bookings (an exception replacing any other for that date). */
export async function closeDate(deps: Deps, actor: Actor, unitSlug: string, serviceCode: string, raw: unknown): Promise<Capacity> {
	const input = parse(ClosedDateInput, raw);
	const current = await getCapacity(deps, actor, unitSlug, serviceCode);
	if (!current) throw new VezError('slot_not_offered', 'This unit takes no appointments for this service.', { service: 'no_appointments' });
	const exceptions = [
		...current.exceptions.filter((e) => e.date !== input.date),
		{ date: input.date, kind: 'closed' as const, ...(input.reason ? { reason: input.reason } : {}) }
	].sort((a, b) => a.date.localeCompare(b.date));
	return setCapacity(deps, actor, unitSlug, serviceCode, { template: current.template, exceptions });
}
