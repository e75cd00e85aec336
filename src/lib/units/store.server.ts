import { VezError } from '$lib/errors';
import type { Db } from '$lib/server/db/database';

/** The unit behind a slug, or `unit_not_found`. */
export async function unitBySlug(db: Db, slug: string) {
	const unit = await db
		.selectFrom('units')
		.selectAll()
		.where('slug', '=', slug)
		.where('active', '=', true)
		.executeTakeFirst();
	if (!unit) throw new VezError('unit_not_found', `Unit ${slug} does not exist.`);
	return unit;
}

export type UnitRecord = Awaited<ReturnType<typeof unitBySlug>>;

/** Ids by slug of the units that exist (active or not), for forms that pick units. */
export async function unitIdsBySlug(db: Db, slugs: readonly string[]): Promise<Map<string, string>> {
	if (!slugs.length) return new Map();
	const rows = await db.selectFrom('units').select(['id', 'slug']).where('slug', 'in', slugs).execute();
	return new Map(rows.map((r) => [r.slug, r.id]));
}

/** The slugs of these units, sorted. */
export async function unitSlugs(db: Db, ids: readonly string[]): Promise<string[]> {
	if (!ids.length) return [];
	const rows = await db.selectFrom('units').select('slug').where('id', 'in', ids).orderBy('slug').execute();
	return rows.map((r) => r.slug);
}

export async function activeUnits(db: Db) {
	return db.selectFrom('units').selectAll().where('active', '=', true).orderBy('name').execute();
}

/** The services a unit offers, with their prefix and catalogue targets. */
export async function servicesOfUnit(db: Db, unitId: string) {
	return db
		.selectFrom('unit_services')
		.innerJoin('services', 'services.id', 'unit_services.service_id')
		.select([
			'services.id',
			'services.code',
			'services.name',
			'services.theme',
			'services.subject',
			'services.organ_id',
			'services.expected_wait_minutes',
			'services.expected_service_minutes',
			'unit_services.prefix',
			'unit_services.allows_priority'
		])
		.where('unit_services.unit_id', '=', unitId)
		.where('unit_services.active', '=', true)
		.where('services.active', '=', true)
		.orderBy('services.theme')
		.orderBy('services.name')
		.execute();
}

export type UnitServiceRecord = Awaited<ReturnType<typeof servicesOfUnit>>[number];

export async function activePriorityGroups(db: Db) {
	return db.selectFrom('priority_groups').selectAll().where('active', '=', true).orderBy('weight', 'desc').orderBy('sort').execute();
}
