import { sql, type Expression, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { DeadlineUnit, ServicesTable } from '$lib/server/db/schema';
import type { NormalisedQuery } from './search';
import type { RouteRule } from '$lib/requests/protocol';

/** What the catalogue lists of a service: enough for a result line and Open311's service list. */
export interface ServiceSummaryRecord {
	id: string;
	code: string;
	name: string;
	theme: string;
	subject: string;
	description: string;
	/** Comma-separated, as the admin typed them. */
	keywords: string;
	channels: string[];
	deadlineAmount: number | null;
	deadlineUnit: DeadlineUnit | null;
	anonymousAllowed: boolean;
	organ: { code: string; name: string; acronym: string };
}

/** Every Carta field of a service (Lei 13.460/2017 art. 7), as its page and the admin's form read it. */
export interface ServiceRecord extends Omit<ServiceSummaryRecord, 'organ'> {
	organId: string;
	audience: string;
	requirements: string;
	documents: string[];
	steps: string[];
	delivery: string;
	fees: string;
	legalBasis: string;
	expectedWaitMinutes: number;
	expectedServiceMinutes: number;
	complaints: string;
	active: boolean;
}

type OrganNames = { organCode: string; organName: string; organAcronym: string };

const organOf = (r: OrganNames) => ({ code: r.organCode, name: r.organName, acronym: r.organAcronym });

const serviceOf = (r: Selectable<ServicesTable>): ServiceRecord => ({
	id: r.id,
	code: r.code,
	name: r.name,
	organId: r.organ_id,
	theme: r.theme,
	subject: r.subject,
	description: r.description,
	audience: r.audience,
	requirements: r.requirements,
	documents: r.documents,
	steps: r.steps,
	deadlineAmount: r.deadline_amount,
	deadlineUnit: r.deadline_unit,
	delivery: r.delivery,
	fees: r.fees,
	legalBasis: r.legal_basis,
	channels: r.channels,
	anonymousAllowed: r.anonymous_allowed,
	expectedWaitMinutes: r.expected_wait_minutes,
	expectedServiceMinutes: r.expected_service_minutes,
	complaints: r.complaints,
	keywords: r.keywords,
	active: r.active
});

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

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

const summaryOf = (r: SummaryRow): ServiceSummaryRecord => ({
	id: r.id,
	code: r.code,
	name: r.name,
	theme: r.theme,
	subject: r.subject,
	description: r.description,
	keywords: r.keywords,
	channels: r.channels,
	deadlineAmount: r.deadline_amount,
	deadlineUnit: r.deadline_unit,
	anonymousAllowed: r.anonymous_allowed,
	organ: organOf(r)
});

/** Every active service, by theme → subject → name (the browse order). */
export async function allServices(db: Db, theme?: string): Promise<ServiceSummaryRecord[]> {
	let q = summaries(db);
	if (theme) q = q.where('services.theme', '=', theme);
	return (await q.orderBy('services.theme').orderBy('services.subject').orderBy('services.name').orderBy('services.code').execute()).map(summaryOf);
}

/**
 * Services matching every word of the query, best first. A word matches the folded text as a
 * substring (ILIKE on folded text) or by trigram word similarity (`<%`, pg_trgm's default 0.6
 * threshold on both engines), which forgives a letter missing or swapped. Both operators use the
 * GIN trigram index. A match in the name counts more than one in keywords or description.
 */
export async function matchingServices(db: Db, query: NormalisedQuery, theme?: string, limit = 50): Promise<ServiceSummaryRecord[]> {
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
	const rows = await q
		.orderBy(score, 'desc')
		.orderBy(sql`similarity(${query.text}, services.search_name)`, 'desc')
		.orderBy('services.name')
		.orderBy('services.code')
		.limit(limit)
		.execute();
	return rows.map(summaryOf);
}

/** An active service with its organ, or undefined. */
export async function serviceByCode(db: Db, code: string): Promise<(ServiceRecord & { organ: ServiceSummaryRecord['organ'] }) | undefined> {
	const row = await db
		.selectFrom('services')
		.innerJoin('organs', 'organs.id', 'services.organ_id')
		.selectAll('services')
		.select(['organs.code as organCode', 'organs.name as organName', 'organs.acronym as organAcronym'])
		.where('services.code', '=', code)
		.where('services.active', '=', true)
		.executeTakeFirst();
	return row && { ...serviceOf(row), organ: organOf(row) };
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

/** A service by its code, active or not; for the admin's form and changes. */
export async function serviceForEdit(db: Db, code: string): Promise<ServiceRecord | undefined> {
	const row = await db.selectFrom('services').selectAll().where('code', '=', code).executeTakeFirst();
	return row && serviceOf(row);
}

export async function serviceCodeTaken(db: Db, code: string): Promise<boolean> {
	return !!(await db.selectFrom('services').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertService(db: Db, columns: ServiceColumns): Promise<string> {
	return (await db.insertInto('services').values(columns).returning('id').executeTakeFirstOrThrow()).id;
}

/** Adds the services whose code is free; one that has the code already stays as it is, also when being added concurrently. */
export async function insertServicesIfAbsent(db: Db, services: readonly ServiceColumns[]): Promise<void> {
	if (services.length) await db.insertInto('services').values([...services]).onConflict((oc) => oc.column('code').doNothing()).execute();
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
