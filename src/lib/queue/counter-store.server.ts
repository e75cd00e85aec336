import type { Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { CounterStatus, CountersTable } from '$lib/server/db/schema';
import { VezError } from '$lib/errors';
import { isUuid } from '$lib/server/http/validate';
import { unitAsJson, unitFromJson } from '$lib/units/store.server';

/*
 * Counters' working state — open, paused or closed, by which clerk, for which services — and the
 * locks a counter's actions take. The counters themselves (number, name, in use) are the units
 * store's.
 */

/** A counter as a use case that locked it reads it: where it is, who works there, what it serves. */
export interface LockedCounter {
	id: string;
	unitId: string;
	number: number;
	name: string;
	status: CounterStatus;
	clerkId: string | null;
	serviceIds: string[];
}

type CounterRow = Selectable<CountersTable>;

const lockedCounterOf = (r: CounterRow): LockedCounter => ({
	id: r.id,
	unitId: r.unit_id,
	number: r.number,
	name: r.name,
	status: r.status,
	clerkId: r.clerk_id,
	serviceIds: r.service_ids
});

/** A counter in use, locked for the rest of the transaction so one counter acts one at a time. */
export async function lockCounter(trx: Db, counterId: string): Promise<LockedCounter> {
	if (!isUuid(counterId)) throw new VezError('counter_not_found', 'No such counter.');
	const counter = await trx
		.selectFrom('counters')
		.selectAll()
		.where('id', '=', counterId)
		.where('active', '=', true)
		.forUpdate()
		.executeTakeFirst();
	if (!counter) throw new VezError('counter_not_found', 'No such counter.');
	return lockedCounterOf(counter);
}

/**
 * The counter locked for the call (so one counter acts one at a time), with its unit and whether
 * a ticket is at its desk: one round trip for what a call checks first.
 */
export async function lockCounterForCall(trx: Db, counterId: string) {
	if (!isUuid(counterId)) throw new VezError('counter_not_found', 'No such counter.');
	const row = await trx
		.selectFrom('counters')
		.innerJoin('units', 'units.id', 'counters.unit_id')
		.selectAll('counters')
		.select((eb) => [
			unitAsJson().as('unit'),
			eb
				.exists(eb.selectFrom('tickets').select('tickets.id').whereRef('tickets.counter_id', '=', 'counters.id').where('tickets.status', 'in', ['called', 'serving']))
				.as('busy')
		])
		.where('counters.id', '=', counterId)
		.where('counters.active', '=', true)
		.forUpdate('counters')
		.executeTakeFirst();
	if (!row) throw new VezError('counter_not_found', 'No such counter.');
	const { unit, busy, ...counter } = row;
	return { counter: lockedCounterOf(counter), unit: unitFromJson(unit), busy: Boolean(busy) };
}

/** Whether a counter is calling or serving a ticket. */
export async function counterBusy(db: Db, counterId: string): Promise<boolean> {
	const row = await db
		.selectFrom('tickets')
		.select('id')
		.where('counter_id', '=', counterId)
		.where('status', 'in', ['called', 'serving'])
		.executeTakeFirst();
	return row !== undefined;
}

/** The counters a clerk holds (open, paused, or closed with their name still on it). */
export async function countersOfClerk(db: Db, clerkId: string): Promise<{ id: string; unitId: string; name: string; status: CounterStatus }[]> {
	const rows = await db.selectFrom('counters').select(['id', 'unit_id', 'name', 'status']).where('clerk_id', '=', clerkId).execute();
	return rows.map((r) => ({ id: r.id, unitId: r.unit_id, name: r.name, status: r.status }));
}

export interface CounterState {
	status: CounterStatus;
	clerkId: string | null;
	/** Left as they are when not given. */
	serviceIds?: readonly string[];
	pauseReason: string | null;
	since: Date;
}

/** Sets who works at a counter, what it serves and whether it is open, paused or closed. */
export async function setCounterState(trx: Db, counterId: string, s: CounterState): Promise<void> {
	await trx
		.updateTable('counters')
		.set({
			status: s.status,
			clerk_id: s.clerkId,
			...(s.serviceIds ? { service_ids: JSON.stringify(s.serviceIds) } : {}),
			pause_reason: s.pauseReason,
			status_since: s.since
		})
		.where('id', '=', counterId)
		.execute();
}

/** The unit's counters in use, by number, with their state and clerk. */
export async function countersWithClerks(db: Db, unitId: string) {
	const rows = await db
		.selectFrom('counters')
		.leftJoin('users', 'users.id', 'counters.clerk_id')
		.select(['counters.id', 'counters.number', 'counters.name', 'counters.status', 'counters.service_ids', 'counters.pause_reason', 'counters.status_since', 'users.name as clerk', 'users.id as clerkId'])
		.where('counters.unit_id', '=', unitId)
		.where('counters.active', '=', true)
		.orderBy('counters.number')
		.execute();
	return rows.map(({ service_ids, pause_reason, status_since, ...r }) => ({ ...r, serviceIds: service_ids, pauseReason: pause_reason, statusSince: status_since }));
}

/** A counter with the slug and name of its unit (in use or not), or undefined. */
export async function counterWithUnit(db: Db, counterId: string) {
	const row = await db
		.selectFrom('counters')
		.innerJoin('units', 'units.id', 'counters.unit_id')
		.select(['counters.id', 'counters.number', 'counters.name', 'counters.status', 'counters.active', 'counters.unit_id', 'units.slug', 'units.name as unitName'])
		.where('counters.id', '=', counterId)
		.executeTakeFirst();
	return row && { id: row.id, number: row.number, name: row.name, status: row.status, active: row.active, unitId: row.unit_id, unitSlug: row.slug, unitName: row.unitName };
}
