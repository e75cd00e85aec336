import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { ProtocolFacts, ProtocolReach } from '$lib/auth/authorize';
import { CLOSED_STATUSES, type ProtocolChannel, type ProtocolKind, type ProtocolStatus } from './protocol';
import type { ProtocolEventView } from './views';

/**
 * The next number of a year: the counter row is created or bumped and returned in one statement
 * inside the caller's transaction, so concurrent openings wait on the row lock and a rollback
 * gives the number back — gap-free, as a PostgreSQL sequence is not (docs/domain.md#protocol-numbers).
 */
export async function nextProtocolSeq(trx: Db, year: number): Promise<number> {
	const row = await trx
		.insertInto('protocol_sequences')
		.values({ year, last: 1 })
		.onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`protocol_sequences.last + 1` }))
		.returning('last')
		.executeTakeFirstOrThrow();
	return row.last;
}

/** A protocol as it is opened: its number, where it was routed, who it concerns, where it came from. */
export interface NewProtocol {
	number: string;
	year: number;
	seq: number;
	kind: ProtocolKind;
	serviceId: string;
	organId: string;
	team: string;
	routeReason: string;
	description: string;
	address: string | null;
	region: string | null;
	citizen: { cpf: string; name: string; email: string | null; phone: string | null } | null;
	anonymous: boolean;
	channel: ProtocolChannel;
	ticketId: string | null;
	unitId: string | null;
	counterId: string | null;
	dueAt: Date;
	accessCode: string;
	openedBy: string;
	openerId: string | null;
	at: Date;
}

/** Writes a new protocol and returns its id. */
export async function insertProtocol(trx: Db, p: NewProtocol): Promise<string> {
	const row = await trx
		.insertInto('protocols')
		.values({
			number: p.number,
			year: p.year,
			seq: p.seq,
			kind: p.kind,
			service_id: p.serviceId,
			organ_id: p.organId,
			team: p.team,
			route_reason: p.routeReason,
			description: p.description,
			address: p.address,
			region: p.region,
			citizen_cpf: p.citizen?.cpf ?? null,
			citizen_name: p.citizen?.name ?? null,
			citizen_email: p.citizen?.email ?? null,
			citizen_phone: p.citizen?.phone ?? null,
			anonymous: p.anonymous,
			channel: p.channel,
			ticket_id: p.ticketId,
			unit_id: p.unitId,
			counter_id: p.counterId,
			due_at: p.dueAt,
			access_code: p.accessCode,
			opened_by: p.openedBy,
			opener_id: p.openerId,
			created_at: p.at,
			updated_at: p.at
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * A status change: the new status in the inbox it ends in; a forward clears the team and says
 * who forwarded it; a reopening counts.
 */
export async function updateProtocolStatus(
	trx: Db,
	id: string,
	c: { status: ProtocolStatus; organId: string; at: Date; forwardedBy?: string; reopenedCount?: number }
): Promise<void> {
	await trx
		.updateTable('protocols')
		.set({
			status: c.status,
			organ_id: c.organId,
			updated_at: c.at,
			...(c.forwardedBy !== undefined ? { team: '', route_reason: `Encaminhado por ${c.forwardedBy}` } : {}),
			...(c.reopenedCount !== undefined ? { reopened_count: c.reopenedCount } : {})
		})
		.where('id', '=', id)
		.execute();
}

/** The citizen's e-mail address on a protocol, as given at the desk. */
export async function setProtocolEmail(trx: Db, id: string, email: string, at: Date): Promise<void> {
	await trx.updateTable('protocols').set({ citizen_email: email, updated_at: at }).where('id', '=', id).execute();
}

export interface OverdueProtocol {
	id: string;
	number: string;
	status: ProtocolStatus;
	organId: string;
	dueAt: Date;
}

/**
 * Open protocols past their due date and never escalated, oldest first, locked; SKIP LOCKED lets
 * several processes run the overdue job at once without waiting on each other's rows.
 */
export async function overdueToEscalate(trx: Db, now: Date, limit: number): Promise<OverdueProtocol[]> {
	const rows = await trx
		.selectFrom('protocols')
		.select(['id', 'number', 'status', 'organ_id', 'due_at'])
		.where('due_at', '<', now)
		.where('status', 'not in', [...CLOSED_STATUSES])
		.where('escalated_at', 'is', null)
		.orderBy('due_at')
		.limit(limit)
		.forUpdate()
		.skipLocked()
		.execute();
	return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, organId: r.organ_id, dueAt: new Date(r.due_at) }));
}

export async function markEscalated(trx: Db, id: string, at: Date): Promise<void> {
	await trx.updateTable('protocols').set({ overdue: true, escalated_at: at, updated_at: at }).where('id', '=', id).execute();
}

/** Flags every open protocol past its due date as overdue (a reopened one is not escalated twice). */
export async function flagOverdue(trx: Db, now: Date): Promise<void> {
	await trx
		.updateTable('protocols')
		.set({ overdue: true })
		.where('due_at', '<', now)
		.where('status', 'not in', [...CLOSED_STATUSES])
		.where('overdue', '=', false)
		.execute();
}

export interface CpfProtocol {
	number: string;
	status: ProtocolStatus;
	dueAt: Date;
	createdAt: Date;
	citizenName: string | null;
	citizenEmail: string | null;
	citizenPhone: string | null;
	/** The service's name. */
	service: string;
	/** The acronym of the organ holding it. */
	organ: string;
}

/** The protocols carrying a CPF, newest first. */
export async function protocolsOfCpf(db: Db, cpf: string, limit: number): Promise<CpfProtocol[]> {
	const rows = await db
		.selectFrom('protocols as p')
		.innerJoin('services as s', 's.id', 'p.service_id')
		.innerJoin('organs as o', 'o.id', 'p.organ_id')
		.select(['p.number', 'p.status', 'p.due_at', 'p.created_at', 'p.citizen_name', 'p.citizen_email', 'p.citizen_phone', 's.name as service', 'o.acronym as organ'])
		.where('p.citizen_cpf', '=', cpf)
		.orderBy('p.created_at', 'desc')
		.orderBy('p.year', 'desc')
		.orderBy('p.seq', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		number: r.number,
		status: r.status,
		dueAt: new Date(r.due_at),
		createdAt: new Date(r.created_at),
		citizenName: r.citizen_name,
		citizenEmail: r.citizen_email,
		citizenPhone: r.citizen_phone,
		service: r.service,
		organ: r.organ
	}));
}

export async function recordProtocolEvent(
	trx: Db,
	e: {
		protocolId: string;
		at: Date;
		action: string;
		from: ProtocolStatus | null;
		to: ProtocolStatus;
		fromOrganId: string | null;
		toOrganId: string | null;
		note: string;
		public: boolean;
		author: string;
	}
): Promise<void> {
	await trx
		.insertInto('protocol_events')
		.values({
			protocol_id: e.protocolId,
			at: e.at,
			action: e.action,
			from_status: e.from,
			to_status: e.to,
			from_organ_id: e.fromOrganId,
			to_organ_id: e.toOrganId,
			note: e.note,
			public: e.public,
			author: e.author
		})
		.execute();
}

export interface StoredProtocol {
	id: string;
	number: string;
	kind: ProtocolKind;
	status: ProtocolStatus;
	channel: ProtocolChannel;
	description: string;
	address: string | null;
	region: string | null;
	team: string;
	routeReason: string;
	citizenCpf: string | null;
	citizenName: string | null;
	citizenEmail: string | null;
	citizenPhone: string | null;
	anonymous: boolean;
	accessCode: string;
	dueAt: Date;
	overdue: boolean;
	escalatedAt: Date | null;
	reopenedCount: number;
	createdAt: Date;
	updatedAt: Date;
	openedBy: string;
	openerId: string | null;
	anonymisedAt: Date | null;
	unitId: string | null;
	/** The desk it was opened at, when a clerk opened it. */
	counterId: string | null;
	service: { id: string; code: string; name: string };
	organ: { id: string; code: string; name: string; acronym: string };
}

function protocolQuery(db: Db) {
	return db
		.selectFrom('protocols as p')
		.innerJoin('services as s', 's.id', 'p.service_id')
		.innerJoin('organs as o', 'o.id', 'p.organ_id')
		.select([
			'p.id',
			'p.number',
			'p.kind',
			'p.status',
			'p.channel',
			'p.description',
			'p.address',
			'p.region',
			'p.team',
			'p.route_reason',
			'p.citizen_cpf',
			'p.citizen_name',
			'p.citizen_email',
			'p.citizen_phone',
			'p.anonymous',
			'p.access_code',
			'p.due_at',
			'p.overdue',
			'p.escalated_at',
			'p.reopened_count',
			'p.created_at',
			'p.updated_at',
			'p.opened_by',
			'p.opener_id',
			'p.anonymised_at',
			'p.unit_id',
			'p.counter_id',
			's.id as service_id',
			's.code as service_code',
			's.name as service_name',
			'o.id as organ_id',
			'o.code as organ_code',
			'o.name as organ_name',
			'o.acronym as organ_acronym'
		]);
}

type ProtocolJoinRow = Awaited<ReturnType<ReturnType<typeof protocolQuery>['executeTakeFirstOrThrow']>>;

function toProtocol(r: ProtocolJoinRow): StoredProtocol {
	return {
		id: r.id,
		number: r.number,
		kind: r.kind,
		status: r.status,
		channel: r.channel,
		description: r.description,
		address: r.address,
		region: r.region,
		team: r.team,
		routeReason: r.route_reason,
		citizenCpf: r.citizen_cpf,
		citizenName: r.citizen_name,
		citizenEmail: r.citizen_email,
		citizenPhone: r.citizen_phone,
		anonymous: r.anonymous,
		accessCode: r.access_code,
		dueAt: new Date(r.due_at),
		overdue: r.overdue,
		escalatedAt: r.escalated_at ? new Date(r.escalated_at) : null,
		reopenedCount: r.reopened_count,
		createdAt: new Date(r.created_at),
		updatedAt: new Date(r.updated_at),
		openedBy: r.opened_by,
		openerId: r.opener_id,
		anonymisedAt: r.anonymised_at ? new Date(r.anonymised_at) : null,
		unitId: r.unit_id,
		counterId: r.counter_id,
		service: { id: r.service_id, code: r.service_code, name: r.service_name },
		organ: { id: r.organ_id, code: r.organ_code, name: r.organ_name, acronym: r.organ_acronym }
	};
}

/** A protocol by number; `forUpdate` locks its row for a status change. */
export async function protocolByNumber(db: Db, number: string, forUpdate = false): Promise<StoredProtocol | null> {
	let q = protocolQuery(db).where('p.number', '=', number);
	if (forUpdate) q = q.forUpdate('p');
	const row = await q.executeTakeFirst();
	return row ? toProtocol(row) : null;
}

/**
 * What a rating link needs of a protocol and nothing more — its number and access code, where
 * it was opened and for which service — so the public rating page never reads the citizen's data.
 */
export async function protocolRatingTarget(db: Db, number: string) {
	const row = await db
		.selectFrom('protocols as p')
		.innerJoin('services as s', 's.id', 'p.service_id')
		.select(['p.number', 'p.access_code', 'p.unit_id', 'p.counter_id', 's.id as service_id', 's.name as service_name'])
		.where('p.number', '=', number)
		.executeTakeFirst();
	return row
		? { number: row.number, accessCode: row.access_code, unitId: row.unit_id, counterId: row.counter_id, serviceId: row.service_id, serviceName: row.service_name }
		: null;
}

export async function protocolEvents(db: Db, protocolId: string, publicOnly: boolean): Promise<ProtocolEventView[]> {
	let q = db
		.selectFrom('protocol_events as e')
		.leftJoin('organs as fo', 'fo.id', 'e.from_organ_id')
		.leftJoin('organs as to', 'to.id', 'e.to_organ_id')
		.leftJoin('users as au', (join) => join.on(sql<boolean>`e.author = 'user:' || au.username`))
		.select(['e.at', 'e.action', 'e.from_status', 'e.to_status', 'e.note', 'e.public', 'e.author', 'au.name as author_name', 'fo.acronym as from_organ', 'to.acronym as to_organ'])
		.where('e.protocol_id', '=', protocolId)
		.orderBy('e.id');
	if (publicOnly) q = q.where('e.public', '=', true);
	const rows = await q.execute();
	return rows.map((r) => ({
		at: new Date(r.at).toISOString(),
		action: r.action,
		from: r.from_status,
		to: r.to_status,
		fromOrgan: r.from_organ,
		toOrgan: r.to_organ,
		note: r.note,
		public: r.public,
		author: r.author,
		authorName: r.author_name
	}));
}

/** The facts the privilege rule reads (src/lib/auth/authorize.ts). */
export const factsOf = (p: StoredProtocol): ProtocolFacts => ({ organId: p.organ.id, unitId: p.unitId, openerId: p.openerId });

export interface ProtocolSearch {
	/** Only what the reader may read (always given for a reader; see protocol-access.server.ts). */
	reach?: ProtocolReach;
	/** Protocols in these inboxes; with `escalated`, also any escalated protocol. */
	organIds?: readonly string[];
	includeEscalated?: boolean;
	statuses?: readonly ProtocolStatus[];
	/** 'open' or 'closed' as Open311 maps the statuses. */
	openClosed?: 'open' | 'closed';
	serviceCode?: string;
	/** The region recorded on the protocol (the unit's or the address's), matched ignoring case. */
	region?: string;
	numbers?: readonly string[];
	from?: Date;
	to?: Date;
	overdue?: boolean;
	limit?: number;
}

/**
 * Protocols matching a search, newest first: the organ inbox and Open311's `GET requests`
 * (service_code, start_date/end_date, status open|closed, service_request_id) share it.
 */
export async function searchProtocols(db: Db, f: ProtocolSearch): Promise<StoredProtocol[]> {
	let q = protocolQuery(db);
	const reach = f.reach;
	if (reach && !reach.all) {
		q = q.where((eb) =>
			eb.or([
				...(reach.organId !== undefined ? [eb('p.organ_id', '=', reach.organId)] : []),
				...(reach.unitIds?.length ? [eb('p.unit_id', 'in', [...reach.unitIds])] : []),
				...(reach.openerId !== undefined ? [eb('p.opener_id', '=', reach.openerId)] : []),
				eb.val(false)
			])
		);
	}
	if (f.organIds) {
		const ids = f.organIds.length ? [...f.organIds] : ['00000000-0000-0000-0000-000000000000'];
		q = f.includeEscalated
			? q.where((eb) => eb.or([eb('p.organ_id', 'in', ids), eb('p.escalated_at', 'is not', null)]))
			: q.where('p.organ_id', 'in', ids);
	}
	if (f.statuses?.length) q = q.where('p.status', 'in', [...f.statuses]);
	if (f.openClosed === 'closed') q = q.where('p.status', 'in', [...CLOSED_STATUSES]);
	if (f.openClosed === 'open') q = q.where('p.status', 'not in', [...CLOSED_STATUSES]);
	if (f.serviceCode) q = q.where('s.code', '=', f.serviceCode);
	if (f.region) q = q.where(sql<string>`lower(p.region)`, '=', f.region.toLowerCase());
	if (f.numbers?.length) q = q.where('p.number', 'in', [...f.numbers]);
	if (f.from) q = q.where('p.created_at', '>=', f.from);
	if (f.to) q = q.where('p.created_at', '<=', f.to);
	if (f.overdue !== undefined) q = q.where('p.overdue', '=', f.overdue);
	const rows = await q.orderBy('p.created_at', 'desc').orderBy('p.number', 'desc').limit(f.limit ?? 1000).execute();
	return rows.map(toProtocol);
}

// ---- a citizen's protocols (LGPD report, anonymisation, retention) ------------------------------

/** Every protocol carrying a CPF, newest first, with what the LGPD report shows of each. */
export async function protocolsOfCitizen(db: Db, cpf: string) {
	const rows = await db
		.selectFrom('protocols as p')
		.innerJoin('services as s', 's.id', 'p.service_id')
		.innerJoin('organs as o', 'o.id', 'p.organ_id')
		.leftJoin('units as u', 'u.id', 'p.unit_id')
		.select([
			'p.number',
			'p.kind',
			'p.status',
			's.name as service',
			'o.acronym as organ',
			'u.slug as unit',
			'p.channel',
			'p.citizen_name',
			'p.citizen_email',
			'p.citizen_phone',
			'p.description',
			'p.address',
			'p.created_at',
			'p.updated_at',
			'p.due_at',
			'p.anonymised_at',
			'p.ticket_id'
		])
		.where('p.citizen_cpf', '=', cpf)
		.orderBy('p.created_at', 'desc')
		.execute();
	return rows.map((p) => ({
		number: p.number,
		kind: p.kind,
		status: p.status,
		service: p.service,
		organ: p.organ,
		unit: p.unit,
		channel: p.channel,
		citizenName: p.citizen_name,
		citizenEmail: p.citizen_email,
		citizenPhone: p.citizen_phone,
		description: p.description,
		address: p.address,
		createdAt: new Date(p.created_at),
		updatedAt: new Date(p.updated_at),
		dueAt: new Date(p.due_at),
		anonymisedAt: p.anonymised_at ? new Date(p.anonymised_at) : null,
		ticketId: p.ticket_id
	}));
}

/** The phone numbers a CPF's protocols give (blank ones left out). */
export async function phonesOfCitizenProtocols(db: Db, cpf: string): Promise<string[]> {
	const rows = await db.selectFrom('protocols').select('citizen_phone').where('citizen_cpf', '=', cpf).execute();
	return rows.map((r) => r.citizen_phone).filter((p): p is string => !!p);
}

/** The e-mail addresses a CPF's protocols give (blank ones left out). */
export async function emailsOfCitizenProtocols(db: Db, cpf: string): Promise<string[]> {
	const rows = await db.selectFrom('protocols').select('citizen_email').where('citizen_cpf', '=', cpf).execute();
	return rows.map((r) => r.citizen_email).filter((e): e is string => !!e);
}

const NO_CITIZEN = { citizen_cpf: null, citizen_name: null, citizen_email: null, citizen_phone: null } as const;

/** Blanks the citizen of every protocol of a CPF; returns their numbers. */
export async function anonymiseProtocolsOfCpf(trx: Db, cpf: string, at: Date): Promise<string[]> {
	const rows = await trx
		.updateTable('protocols')
		.set({ ...NO_CITIZEN, anonymised_at: at })
		.where('citizen_cpf', '=', cpf)
		.returning('number')
		.execute();
	return rows.map((r) => r.number);
}

/**
 * Blanks the citizen of closed protocols last changed before `before` that still hold any of it;
 * guarded by `anonymised_at IS NULL`, so two runs at once split the work. Returns their numbers.
 */
export async function anonymiseClosedProtocolsBefore(trx: Db, before: Date, at: Date): Promise<string[]> {
	const rows = await trx
		.updateTable('protocols')
		.set({ ...NO_CITIZEN, anonymised_at: at })
		.where('anonymised_at', 'is', null)
		.where('status', 'in', [...CLOSED_STATUSES])
		.where('updated_at', '<', before)
		.where(sql<boolean>`(citizen_cpf IS NOT NULL OR citizen_name IS NOT NULL OR citizen_email IS NOT NULL OR citizen_phone IS NOT NULL)`)
		.returning('number')
		.execute();
	return rows.map((r) => r.number);
}
