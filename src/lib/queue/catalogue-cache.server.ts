import type { Db } from '$lib/server/db/database';
import { activePriorityGroups, activeUnits, offersOfAllUnits, type ServiceOffer, type UnitRecord } from '$lib/units/store.server';
import { catalogueGeneration } from './catalogue-generation-store.server';

/*
 * What the hot path reads on every ticket and changes a few times a year — units, the services
 * each unit offers, priority groups — kept per process. Migration 0022 counts every change to
 * those tables in `catalogue_generation`; the first statement reads that count beside its
 * real work, so a stale copy costs no extra round trip: the transaction rolls back, the copy is
 * reloaded and the issue runs again. A look-up that finds nothing in the copy is confirmed
 * against the count before it becomes an error, so a service just added is never refused.
 */

/** A service the unit offers now, by code in the copy. */
export type OfferedService = Omit<ServiceOffer, 'unitId'>;

export interface CachedPriority {
	readonly id: string;
	readonly code: string;
	readonly name: string;
	readonly weight: number;
}

export interface Catalogue {
	readonly generation: string;
	/** Active units by slug. */
	readonly units: ReadonlyMap<string, UnitRecord>;
	/** Per unit id, the services it offers now (both the offer and the service active), by code. */
	readonly offered: ReadonlyMap<string, ReadonlyMap<string, OfferedService>>;
	/** Active priority groups by code. */
	readonly priorities: ReadonlyMap<string, CachedPriority>;
}

/** The copy was older than the database's catalogue: reload it and run the work again. */
export class StaleCatalogue extends Error {
	constructor(readonly generation: string) {
		super('catalogue changed');
	}
}

const copies = new WeakMap<Db, Promise<Catalogue>>();

/**
 * Reads the copy through the units store. The count is read before the rows: a change committed in
 * between leaves an older count with newer rows, which the next comparison takes for stale — never
 * the other way round.
 */
async function load(db: Db): Promise<Catalogue> {
	const generation = await catalogueGeneration(db);
	const [units, offers, priorities] = await Promise.all([activeUnits(db), offersOfAllUnits(db), activePriorityGroups(db)]);
	const offered = new Map<string, Map<string, OfferedService>>();
	for (const { unitId, ...service } of offers) {
		let byCode = offered.get(unitId);
		if (!byCode) offered.set(unitId, (byCode = new Map()));
		byCode.set(service.code, service);
	}
	return {
		generation,
		units: new Map(units.map((u) => [u.slug, u])),
		offered,
		priorities: new Map(priorities.map((p) => [p.code, { id: p.id, code: p.code, name: p.name, weight: p.weight }]))
	};
}

/** This process's copy of the catalogue (loaded on first use). */
export function catalogue(db: Db): Promise<Catalogue> {
	let copy = copies.get(db);
	if (!copy) {
		copy = load(db);
		copies.set(db, copy);
		copy.catch(() => copies.delete(db));
	}
	return copy;
}

/** Replaces a copy found stale (once, however many requests found it so at the same time). */
export async function reloadCatalogue(db: Db, stale: Catalogue): Promise<Catalogue> {
	const current = await catalogue(db);
	if (current !== stale) return current;
	const copy = load(db);
	copies.set(db, copy);
	copy.catch(() => copies.delete(db));
	return copy;
}

/** Whether the copy is still the database's catalogue: one small read, for the rare paths that must be sure. */
export async function confirmCatalogue(db: Db, copy: Catalogue): Promise<boolean> {
	return (await catalogueGeneration(db)) === copy.generation;
}

/** Throws {@link StaleCatalogue} when a generation read alongside some work is not the copy's. */
export function checkGeneration(copy: Catalogue, generation: string): void {
	if (generation !== copy.generation) throw new StaleCatalogue(generation);
}
