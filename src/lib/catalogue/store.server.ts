import { sql, type Expression, type Insertable, type SqlBool } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { ServicesTable } from '$lib/server/db/schema';
import type { NormalisedQuery } from './search';
import type { RouteRule } from '$lib/requests/protocol';
import { unitOf, type UnitRecord } from '$lib/units/store.server';

/** Rows that the catalogue lists: enough for a result line and Open311's service list. */
const SUMMARY = [
	'services.id',
	'services.code',
	'services.name',
	'services.theme',
	'services.subject',
	'services.description',
	'services.keywords',
	'services.channels',
	'services.deadline_amount',
	'services.deadline_unit',
	'services.anonymous_allowed',
	'organs.code as organCode',
	'organs.name as organName',
	'organs.acronym as organAcronym'
] as const;

function summaries(db: Db) {
	return db
		.selectFrom('services')
		.innerJoin('organs', 'organs.id', 'services.organ_id')
		.select(SUMMARY)
		.where('services.active', '=', true);
}

export type ServiceSummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

/** Every active service, by theme → subject → name (the browse order). */
export async function allServices(db: Db, theme?: string): Promise<ServiceSummaryRow[]> {
	let q = summaries(db);
	if (theme) q = q.where('services.theme', '=', theme);
	return q.orderBy('services.theme').orderBy('services.subject').orderBy('services.name').orderBy('services.code').execute();
}

/**
 * Services matching every word of the query, best first. A word matches the folded text as a
 * substring (ILIKE on folded text) or by trigram word similarity (`<%`, pg_trgm's default 0.6
 * threshold on both engines), which forgives a letter missing or swapped. Both operators use the
 * GIN trigram index. A match in the name counts more than one in keywords or description.
 */
export async function searchServiceRows(db: Db, query: NormalisedQuery, theme?: string, limit = 50): Promise<ServiceSummaryRow[]> {
	if (query.words.length === 0) return allServices(db, theme);
	let q = summaries(db);
	if (theme) q = q.where('services.theme', '=', theme);
	for (const word of query.words) {
		q = q.where(sql<SqlBool>`(services.search_text LIKE ${'%' + word + '%'} OR ${word} <% services.search_text)`);
	}
	const scores: Expression<number>[] = query.words.map(
		(word) => sql<number>`(
			2 * word_similarity(${word}, services.search_name)
			+ word_similarity(${word}, services.search_text)
			+ CASE WHEN services.search_name LIKE ${'%' + word + '%'} THEN 1 ELSE 0 END
		)`
	);
	const score = sql<number>`(${sql.join(scores, sql` + `)})`;
	return q
		.orderBy(score, 'desc')
		.orderBy(sql`similarity(${query.text}, services.search_name)`, 'desc')
		.orderBy('services.name')
		.orderBy('services.code')
		.limit(limit)
		.execute();
}

/** The full row of an active service with its organ, or undefined. */
export async function serviceByCode(db: Db, code: string) {
	return db
		.selectFrom('services')
		.innerJoin('organs', 'organs.id', 'services.organ_id')
		.selectAll('services')
		.select(['organs.code as organCode', 'organs.name as organName', 'organs.acronym as organAcronym'])
		.where('services.code', '=', code)
		.where('services.active', '=', true)
		.executeTakeFirst();
}

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof serviceByCode>>>;

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

/** Every service's code (active or not) by its id. */
export async function serviceCodesById(db: Db): Promise<Map<string, string>> {
	const rows = await db.selectFrom('services').select(['id', 'code']).execute();
	return new Map(rows.map((s) => [s.id, s.code]));
}

/** An active service as a protocol is opened for it: its organ, its prazo, whether it takes anonymous requests. */
export async function serviceForProtocol(db: Db, code: string) {
	const row = await db
		.selectFrom('services')
		.select(['id', 'code', 'name', 'organ_id', 'deadline_amount', 'deadline_unit', 'anonymous_allowed'])
		.where('code', '=', code)
		.where('active', '=', true)
		.executeTakeFirst();
	return row
		? {
				id: row.id,
				code: row.code,
				name: row.name,
				organId: row.organ_id,
				deadline: { deadlineAmount: row.deadline_amount, deadlineUnit: row.deadline_unit },
				anonymousAllowed: row.anonymous_allowed
			}
		: undefined;
}

/** A service's name and the documents to bring, by its id. */
export async function serviceNameAndDocuments(db: Db, id: string): Promise<{ name: string; documents: string[] }> {
	return db.selectFrom('services').select(['name', 'documents']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** A service's id by its code, active or not. */
export async function serviceIdByCode(db: Db, code: string): Promise<string | undefined> {
	return (await db.selectFrom('services').select('id').where('code', '=', code).executeTakeFirst())?.id;
}

/** The active services to pick from on forms, by name. */
export async function serviceChoices(db: Db): Promise<{ code: string; name: string; anonymousAllowed: boolean }[]> {
	const rows = await db.selectFrom('services').select(['code', 'name', 'anonymous_allowed']).where('active', '=', true).orderBy('name').execute();
	return rows.map((s) => ({ code: s.code, name: s.name, anonymousAllowed: s.anonymous_allowed }));
}

/** The distinct themes of active services, alphabetically. */
export async function themes(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('services').select('theme').distinct().where('active', '=', true).orderBy('theme').execute();
	return rows.map((r) => r.theme);
}

// ---- the admin's writes ------------------------------------------------------------------------

/** The columns of a service as the admin saves them (lists as JSON text). */
export type ServiceColumns = Omit<Insertable<ServicesTable>, 'id' | 'created_at' | 'updated_at'>;

/** A service by its code, active or not, every column; for the admin's form and changes. */
export function serviceForEdit(db: Db, code: string) {
	return db.selectFrom('services').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function serviceCodeTaken(db: Db, code: string): Promise<boolean> {
	return !!(await db.selectFrom('services').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertService(db: Db, columns: ServiceColumns): Promise<string> {
	return (await db.insertInto('services').values(columns).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateService(db: Db, id: string, columns: ServiceColumns, at: Date): Promise<void> {
	await db.updateTable('services').set({ ...columns, updated_at: at }).where('id', '=', id).execute();
}

/** Every service, active or not, with its organ's acronym, by theme and name. */
export function servicesForAdmin(db: Db) {
	return db
		.selectFrom('services')
		.innerJoin('organs', 'organs.id', 'services.organ_id')
		.select(['services.code', 'services.name', 'services.theme', 'services.subject', 'services.active', 'organs.acronym'])
		.orderBy('services.theme')
		.orderBy('services.name')
		.execute();
}

/** A service's routing rules as the router reads them (src/lib/requests/protocol.ts `chooseRoute`). */
export async function routesOf(db: Db, serviceId: string): Promise<RouteRule[]> {
	const rows = await db.selectFrom('service_routes').select(['region', 'organ_id', 'team']).where('service_id', '=', serviceId).execute();
	return rows.map((r) => ({ region: r.region, organId: r.organ_id, team: r.team }));
}

/** The distinct regions routing rules name. */
export async function routeRegions(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('service_routes').select('region').where('region', 'is not', null).distinct().execute();
	return rows.map((r) => r.region ?? '');
}

/** A service's routing rules with their organ's code, by region. */
export function routeRules(db: Db, serviceId: string) {
	return db
		.selectFrom('service_routes')
		.innerJoin('organs', 'organs.id', 'service_routes.organ_id')
		.select(['service_routes.id', 'service_routes.region', 'service_routes.team', 'organs.code as organ'])
		.where('service_routes.service_id', '=', serviceId)
		.orderBy('service_routes.region')
		.execute();
}

/** The rule of one region (null: the default inbox), if the service has one. */
export async function routeRuleOfRegion(db: Db, serviceId: string, region: string | null) {
	return (await routeRules(db, serviceId)).find((r) => r.region === region);
}

export async function saveRouteRule(db: Db, rule: { serviceId: string; region: string | null; organId: string; team: string }, existingId: string | undefined): Promise<void> {
	if (existingId) await db.updateTable('service_routes').set({ organ_id: rule.organId, team: rule.team }).where('id', '=', existingId).execute();
	else await db.insertInto('service_routes').values({ service_id: rule.serviceId, region: rule.region, organ_id: rule.organId, team: rule.team }).execute();
}

/** Deletes a rule of this service, returning what it held, or undefined when there was none. */
export function deleteRouteRule(db: Db, serviceId: string, routeId: string) {
	return db.deleteFrom('service_routes').where('id', '=', routeId).where('service_id', '=', serviceId).returning(['region', 'organ_id', 'team']).executeTakeFirst();
}
