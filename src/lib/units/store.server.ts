import { VezError } from '$lib/errors';
import type { Db } from '$lib/server/db/database';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { CounterStatus, OpeningHours, PriorityGroupsTable, UnitSettings, UnitsTable } from '$lib/server/db/schema';
import type { MunicipalHoliday } from './holidays';

/** A unit as the other domains and the screens read it. */
export interface UnitRecord {
	id: string;
	slug: string;
	name: string;
	address: string;
	timezone: string;
	region: string;
	openingHours: OpeningHours;
	settings: UnitSettings;
	active: boolean;
	createdAt: Date;
}

type UnitRow = Selectable<UnitsTable>;

const unitOf = (r: UnitRow): UnitRecord => ({
	id: r.id,
	slug: r.slug,
	name: r.name,
	address: r.address,
	timezone: r.timezone,
	region: r.region,
	openingHours: r.opening_hours,
	settings: r.settings,
	active: r.active,
	createdAt: r.created_at
});

declare const unitJson: unique symbol;
/** A unit as another store's query selected it with {@link unitAsJson}: only {@link unitFromJson} reads it. */
export type UnitJson = { readonly [unitJson]: true };

/**
 * The joined `units` row as one JSON column, for a store whose statement also needs the unit (a
 * locked ticket or counter with its unit, in one round trip); select it `.as('unit')`.
 */
export const unitAsJson = (): RawBuilder<UnitJson> => sql<UnitJson>`to_jsonb(units.*)`;

/** A unit selected with {@link unitAsJson} (a string on some drivers, its date a string), mapped like every other. */
export function unitFromJson(raw: UnitJson | string): UnitRecord {
	const u = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown as UnitRow;
	return unitOf({ ...u, created_at: new Date(u.created_at as unknown as string) });
}

/** The unit behind a slug, or `unit_not_found`. */
export async function unitBySlug(db: Db, slug: string): Promise<UnitRecord> {
	const unit = await db
		.selectFrom('units')
		.selectAll()
		.where('slug', '=', slug)
		.where('active', '=', true)
		.executeTakeFirst();
	if (!unit) throw new VezError('unit_not_found', `Unit ${slug} does not exist.`);
	return unitOf(unit);
}

/** The unit a counter or ticket belongs to (active or not), or `unit_not_found`. */
export async function unitById(db: Db, unitId: string): Promise<UnitRecord> {
	const unit = await db.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirst();
	if (!unit) throw new VezError('unit_not_found', 'No such unit.');
	return unitOf(unit);
}

/** Ids by slug of the units that exist (active or not), for forms that pick units. */
export async function unitIdsBySlug(db: Db, slugs: readonly string[]): Promise<Map<string, string>> {
	if (!slugs.length) return new Map();
	const rows = await db.selectFrom('units').select(['id', 'slug']).where('slug', 'in', slugs).execute();
	return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Every unit's slug by its id (active or not). */
export async function unitSlugsById(db: Db): Promise<Map<string, string>> {
	const rows = await db.selectFrom('units').select(['id', 'slug']).execute();
	return new Map(rows.map((r) => [r.id, r.slug]));
}

/** The units with these slugs (active or not), with their time zones. */
export async function unitsWithSlugs(db: Db, slugs: readonly string[]): Promise<{ id: string; slug: string; timezone: string }[]> {
	if (!slugs.length) return [];
	return db.selectFrom('units').select(['id', 'slug', 'timezone']).where('slug', 'in', [...slugs]).execute();
}

/** The slugs of these units, sorted. */
export async function unitSlugs(db: Db, ids: readonly string[]): Promise<string[]> {
	if (!ids.length) return [];
	const rows = await db.selectFrom('units').select('slug').where('id', 'in', ids).orderBy('slug').execute();
	return rows.map((r) => r.slug);
}

/** Where a unit is, for what happens there: its name, its time zone, its region. */
export async function unitPlace(db: Db, id: string): Promise<{ id: string; name: string; timezone: string; region: string }> {
	return db.selectFrom('units').select(['id', 'name', 'timezone', 'region']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** The distinct regions units are in. */
export async function unitRegions(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('units').select('region').where('region', 'is not', null).distinct().execute();
	return rows.map((r) => r.region);
}

export async function activeUnits(db: Db): Promise<UnitRecord[]> {
	return (await db.selectFrom('units').selectAll().where('active', '=', true).orderBy('name').execute()).map(unitOf);
}

/** The services units offer or offered (`unit_services` with the service's row): every unit's, or with `unitId` that unit's. */
function offerings(db: Db, unitId?: string) {
	return db
		.selectFrom('unit_services')
		.innerJoin('services', 'services.id', 'unit_services.service_id')
		.$if(unitId !== undefined, (q) => q.where('unit_services.unit_id', '=', unitId!));
}

/** A service a unit offers, as a ticket is issued for it. */
export interface ServiceOffer {
	readonly unitId: string;
	readonly id: string;
	readonly code: string;
	readonly name: string;
	readonly expectedServiceMinutes: number;
	readonly promisedWaitMinutes: number;
	readonly prefix: string;
	readonly allowsPriority: boolean;
	/** Tickets may be taken before arriving, at most `remoteDailyCap` a day (null: no cap). */
	readonly allowsRemote: boolean;
	readonly remoteDailyCap: number | null;
}

/** Every unit's services offered now (the offer and the service both active), in one read: what the queue's catalogue copy keeps. */
export async function offersOfAllUnits(db: Db): Promise<ServiceOffer[]> {
	return offerings(db)
		.select([
			'unit_services.unit_id as unitId',
			'services.id',
			'services.code',
			'services.name',
			'services.expected_service_minutes as expectedServiceMinutes',
			'services.expected_wait_minutes as promisedWaitMinutes',
			'unit_services.prefix',
			'unit_services.allows_priority as allowsPriority',
			'unit_services.allows_remote as allowsRemote',
			'unit_services.remote_daily_cap as remoteDailyCap'
		])
		.where('unit_services.active', '=', true)
		.where('services.active', '=', true)
		.execute();
}

/** A service a unit offers now, with its ticket prefix and the catalogue's targets. */
export interface UnitServiceRecord {
	readonly id: string;
	readonly code: string;
	readonly name: string;
	readonly theme: string;
	readonly subject: string;
	readonly organId: string;
	readonly expectedWaitMinutes: number;
	readonly expectedServiceMinutes: number;
	readonly prefix: string;
	readonly allowsPriority: boolean;
}

/** The services a unit offers, with their prefix and catalogue targets. */
export async function servicesOfUnit(db: Db, unitId: string): Promise<UnitServiceRecord[]> {
	return offerings(db, unitId)
		.select([
			'services.id',
			'services.code',
			'services.name',
			'services.theme',
			'services.subject',
			'services.organ_id as organId',
			'services.expected_wait_minutes as expectedWaitMinutes',
			'services.expected_service_minutes as expectedServiceMinutes',
			'unit_services.prefix',
			'unit_services.allows_priority as allowsPriority'
		])
		.where('unit_services.active', '=', true)
		.where('services.active', '=', true)
		.orderBy('services.theme')
		.orderBy('services.name')
		.execute();
}

/**
 * The services the unit's own offers list as active, by prefix, whether the catalogue lists them
 * now or not: the queues the unit's past days had (the demo history), where a service withdrawn
 * from the catalogue today was still being served.
 */
export async function activeOffersOfUnit(
	db: Db,
	unitId: string
): Promise<{ id: string; prefix: string; expectedServiceMinutes: number; expectedWaitMinutes: number; allowsPriority: boolean }[]> {
	return offerings(db, unitId)
		.select([
			'services.id',
			'unit_services.prefix',
			'services.expected_service_minutes as expectedServiceMinutes',
			'services.expected_wait_minutes as expectedWaitMinutes',
			'unit_services.allows_priority as allowsPriority'
		])
		.where('unit_services.active', '=', true)
		.orderBy('unit_services.prefix')
		.execute();
}

/** Every service the unit offers or offered, with its expected service time: the queues it has (they share counters). */
export async function queueServicesOfUnit(db: Db, unitId: string): Promise<{ id: string; code: string; expectedServiceMinutes: number }[]> {
	return offerings(db, unitId).select(['services.id', 'services.code', 'services.expected_service_minutes as expectedServiceMinutes']).execute();
}

/** The services of the unit a visitor may take a ticket for before arriving, by name. */
export async function remoteServicesOfUnit(db: Db, unitId: string): Promise<{ code: string; name: string }[]> {
	return offerings(db, unitId)
		.select(['services.code', 'services.name'])
		.where('unit_services.active', '=', true)
		.where('unit_services.allows_remote', '=', true)
		.where('services.active', '=', true)
		.orderBy('services.name')
		.execute();
}

/** Which of these service codes the unit offers now, with their ids. */
export async function offeredServicesByCode(db: Db, unitId: string, codes: readonly string[]): Promise<{ id: string; code: string }[]> {
	if (!codes.length) return [];
	return offerings(db, unitId).select(['services.id', 'services.code']).where('unit_services.active', '=', true).where('services.code', 'in', codes)
		.execute();
}

/** A service the unit offers now — the offer and the service both active — or `service_not_offered`. */
export async function offeredService(db: Db, unitId: string, code: string): Promise<{ id: string; code: string; name: string; documents: string[] }> {
	const service = await offerings(db, unitId)
		.select(['services.id', 'services.code', 'services.name', 'services.documents'])
		.where('services.code', '=', code)
		.where('unit_services.active', '=', true)
		.where('services.active', '=', true)
		.executeTakeFirst();
	if (!service) throw new VezError('service_not_offered', 'This unit does not offer this service.', { service: 'not_offered' });
	return service;
}

/** The active units that offer a service at a counter, with its ticket prefix there. */
export async function unitsOffering(db: Db, serviceId: string): Promise<(UnitRecord & { prefix: string; allowsPriority: boolean })[]> {
	const rows = await db
		.selectFrom('unit_services')
		.innerJoin('units', 'units.id', 'unit_services.unit_id')
		.selectAll('units')
		.select(['unit_services.prefix', 'unit_services.allows_priority'])
		.where('unit_services.service_id', '=', serviceId)
		.where('unit_services.active', '=', true)
		.where('units.active', '=', true)
		.orderBy('units.name')
		.execute();
	return rows.map(({ prefix, allows_priority, ...unit }) => ({ ...unitOf(unit), prefix, allowsPriority: allows_priority }));
}

/** Active priority groups, highest weight first. */
export async function activePriorityGroups(db: Db): Promise<PriorityGroupRecord[]> {
	return (await db.selectFrom('priority_groups').selectAll().where('active', '=', true).orderBy('weight', 'desc').orderBy('sort').execute()).map(priorityGroupOf);
}

// ---- holidays ---------------------------------------------------------------------------------

type HolidayRow = { rule: unknown; name: string; legal_act: string };

/** A stored row as the pure holiday rules read it: its rule, its name, its legal act when it has one. */
const holidayOf = (r: HolidayRow): MunicipalHoliday => ({ ...(r.rule as object), name: r.name, ...(r.legal_act ? { legalAct: r.legal_act } : {}) }) as MunicipalHoliday;

/** The municipal holiday table plus a unit's own rows, as the pure holiday rules read them. */
export async function holidayRules(db: Db, unitId: string | null): Promise<MunicipalHoliday[]> {
	let q = db.selectFrom('holidays').select(['rule', 'name', 'legal_act']);
	q = unitId ? q.where((eb) => eb.or([eb('unit_id', 'is', null), eb('unit_id', '=', unitId)])) : q.where('unit_id', 'is', null);
	return (await q.execute()).map(holidayOf);
}

/** Every row of the table with the unit it belongs to (null: the whole city), oldest first. */
export async function holidayTable(db: Db) {
	const rows = await db
		.selectFrom('holidays')
		.leftJoin('units', 'units.id', 'holidays.unit_id')
		.select(['holidays.id', 'holidays.rule', 'holidays.name', 'holidays.legal_act', 'units.slug as unit'])
		.orderBy('holidays.created_at')
		.execute();
	return rows.map((r) => ({ id: r.id, unit: r.unit, rule: holidayOf(r) }));
}

export async function insertHoliday(db: Db, unitId: string | null, holiday: MunicipalHoliday): Promise<string> {
	const { name, legalAct, ...rule } = holiday;
	const row = await db
		.insertInto('holidays')
		.values({ unit_id: unitId, rule: JSON.stringify(rule), name, legal_act: legalAct ?? '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Deletes a row, returning what it held, or undefined when there was none. */
export function deleteHolidayRow(db: Db, id: string) {
	return db.deleteFrom('holidays').where('id', '=', id).returning(['rule', 'name', 'legal_act', 'unit_id']).executeTakeFirst();
}

// ---- priority groups -------------------------------------------------------------------------

/** A priority group as the kiosk, the desk, the queue and the admin read it. */
export interface PriorityGroupRecord {
	id: string;
	code: string;
	name: string;
	weight: number;
	requiresDocument: boolean;
	legalBasis: string;
	sort: number;
	active: boolean;
}

const priorityGroupOf = (r: Selectable<PriorityGroupsTable>): PriorityGroupRecord => ({
	id: r.id,
	code: r.code,
	name: r.name,
	weight: r.weight,
	requiresDocument: r.requires_document,
	legalBasis: r.legal_basis,
	sort: r.sort,
	active: r.active
});

/** A group's columns as the admin saves them (and the audit trail shows them). */
export type PriorityGroupWrite = { code: string; name: string; weight: number; requires_document: boolean; legal_basis: string; sort: number; active: boolean };

/** Every priority group, active or not, highest weight first. */
export async function allPriorityGroups(db: Db): Promise<PriorityGroupRecord[]> {
	return (await db.selectFrom('priority_groups').selectAll().orderBy('weight', 'desc').orderBy('sort').execute()).map(priorityGroupOf);
}

/** A group by its code with its saved columns (what the audit trail compares), locked for the change under way. */
export function priorityGroupForUpdate(db: Db, code: string): Promise<({ id: string } & PriorityGroupWrite) | undefined> {
	return db
		.selectFrom('priority_groups')
		.select(['id', 'code', 'name', 'weight', 'requires_document', 'legal_basis', 'sort', 'active'])
		.where('code', '=', code)
		.forUpdate()
		.executeTakeFirst();
}

export async function priorityCodeTaken(db: Db, code: string): Promise<boolean> {
	return !!(await db.selectFrom('priority_groups').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertPriorityGroup(db: Db, group: PriorityGroupWrite): Promise<string> {
	return (await db.insertInto('priority_groups').values(group).returning('id').executeTakeFirstOrThrow()).id;
}

/** Adds the groups whose code is free; one that has the code already stays as it is, also when being added concurrently. */
export async function insertPriorityGroupsIfAbsent(db: Db, groups: readonly PriorityGroupWrite[]): Promise<void> {
	if (groups.length) await db.insertInto('priority_groups').values([...groups]).onConflict((oc) => oc.column('code').doNothing()).execute();
}

export async function updatePriorityGroup(db: Db, id: string, group: PriorityGroupWrite): Promise<void> {
	await db.updateTable('priority_groups').set(group).where('id', '=', id).execute();
}

// ---- the admin's units, their services and counters -------------------------------------------

/** A unit's columns as the admin saves them. */
export type UnitWrite = { slug: string; name: string; address: string; region: string; timezone: string; opening_hours: OpeningHours; settings: UnitSettings; active: boolean };
/** How a unit offers a service, as the admin saves it (and the audit trail shows it). */
export type UnitServiceWrite = { prefix: string; allows_priority: boolean; active: boolean; allows_remote: boolean; remote_daily_cap: number | null };
export type CounterWrite = { number: number; name: string; active: boolean };

/** The unit behind a slug, active or not; `lock` holds it for the rest of the transaction. */
export async function anyUnitBySlug(db: Db, slug: string, lock = false): Promise<UnitRecord> {
	const unit = await db
		.selectFrom('units')
		.selectAll()
		.where('slug', '=', slug)
		.$if(lock, (q) => q.forUpdate())
		.executeTakeFirst();
	if (!unit) throw new VezError('unit_not_found', `Unit ${slug} does not exist.`);
	return unitOf(unit);
}

/** Every unit, active or not, by name. */
export function unitList(db: Db): Promise<{ id: string; slug: string; name: string; region: string; timezone: string; active: boolean }[]> {
	return db.selectFrom('units').select(['id', 'slug', 'name', 'region', 'timezone', 'active']).orderBy('name').execute();
}

export async function unitSlugTaken(db: Db, slug: string): Promise<boolean> {
	return !!(await db.selectFrom('units').select('id').where('slug', '=', slug).executeTakeFirst());
}

const unitColumns = (u: UnitWrite) => ({ ...u, opening_hours: JSON.stringify(u.opening_hours), settings: JSON.stringify(u.settings) });

export async function insertUnit(db: Db, unit: UnitWrite): Promise<string> {
	return (await db.insertInto('units').values(unitColumns(unit)).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateUnitRow(db: Db, id: string, unit: UnitWrite): Promise<void> {
	await db.updateTable('units').set(unitColumns(unit)).where('id', '=', id).execute();
}

export async function setUnitSettings(db: Db, id: string, settings: UnitSettings): Promise<void> {
	await db.updateTable('units').set({ settings: JSON.stringify(settings) }).where('id', '=', id).execute();
}

/** Every service a unit offers or offered, with how, by prefix. */
export async function servicesOfferedAt(
	db: Db,
	unitId: string
): Promise<{ code: string; name: string; prefix: string; allowsPriority: boolean; active: boolean; allowsRemote: boolean; remoteDailyCap: number | null }[]> {
	return offerings(db, unitId)
		.select([
			'services.code',
			'services.name',
			'unit_services.prefix',
			'unit_services.allows_priority as allowsPriority',
			'unit_services.active',
			'unit_services.allows_remote as allowsRemote',
			'unit_services.remote_daily_cap as remoteDailyCap'
		])
		.orderBy('unit_services.prefix')
		.execute();
}

/** Whether another service of the unit uses this ticket prefix. */
export async function prefixTaken(db: Db, unitId: string, prefix: string, serviceId: string): Promise<boolean> {
	const row = await db
		.selectFrom('unit_services')
		.select('service_id')
		.where('unit_id', '=', unitId)
		.where('prefix', '=', prefix)
		.where('service_id', '!=', serviceId)
		.executeTakeFirst();
	return row !== undefined;
}

/** How a unit offers a service, or undefined when it never did. */
export function unitServiceOf(db: Db, unitId: string, serviceId: string): Promise<UnitServiceWrite | undefined> {
	return db
		.selectFrom('unit_services')
		.select(['prefix', 'allows_priority', 'active', 'allows_remote', 'remote_daily_cap'])
		.where('unit_id', '=', unitId)
		.where('service_id', '=', serviceId)
		.executeTakeFirst();
}

export async function saveUnitServiceRow(db: Db, unitId: string, serviceId: string, offer: UnitServiceWrite, exists: boolean): Promise<void> {
	if (exists) await db.updateTable('unit_services').set(offer).where('unit_id', '=', unitId).where('service_id', '=', serviceId).execute();
	else await db.insertInto('unit_services').values({ unit_id: unitId, service_id: serviceId, ...offer }).execute();
}

/** A unit's counters by number. */
export function countersOfUnit(db: Db, unitId: string): Promise<{ id: string; number: number; name: string; active: boolean; status: CounterStatus }[]> {
	return db.selectFrom('counters').select(['id', 'number', 'name', 'active', 'status']).where('unit_id', '=', unitId).orderBy('number').execute();
}

/** Whether a counter of the unit other than `exceptId` has this number. */
export async function counterNumberTaken(db: Db, unitId: string, number: number, exceptId?: string): Promise<boolean> {
	const row = await db
		.selectFrom('counters')
		.select('id')
		.where('unit_id', '=', unitId)
		.where('number', '=', number)
		.$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
		.executeTakeFirst();
	return row !== undefined;
}

export async function insertCounter(db: Db, unitId: string, counter: CounterWrite): Promise<string> {
	return (await db.insertInto('counters').values({ unit_id: unitId, ...counter }).returning('id').executeTakeFirstOrThrow()).id;
}

/** A counter of the unit, locked for the change under way. */
export function counterForUpdate(db: Db, id: string, unitId: string): Promise<(CounterWrite & { status: CounterStatus }) | undefined> {
	return db.selectFrom('counters').select(['number', 'name', 'active', 'status']).where('id', '=', id).where('unit_id', '=', unitId).forUpdate().executeTakeFirst();
}

export async function updateCounter(db: Db, id: string, counter: CounterWrite): Promise<void> {
	await db.updateTable('counters').set(counter).where('id', '=', id).execute();
}

/** A counter by id with its unit (active or not), or undefined. */
export async function counterById(db: Db, id: string): Promise<{ id: string; unitId: string; number: number; name: string } | undefined> {
	return db.selectFrom('counters').select(['id', 'unit_id as unitId', 'number', 'name']).where('id', '=', id).executeTakeFirst();
}
