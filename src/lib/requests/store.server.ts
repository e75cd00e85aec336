import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { ProtocolFacts, ProtocolReach } from '$lib/auth/authorize';
import { CLOSED_STATUSES, type ProtocolChannel, type ProtocolKind, type ProtocolStatus, type RouteRule } from './protocol';

/**
 * The next number of a year: the counter row is created or bumped and returned in one statement
 * inside the caller's transaction, so concurrent openings wait on the row lock and a rollback
 * gives the number back — gap-free, as a PostgreSQL sequence is not (DOMAIN.md).
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

export async function routesOf(db: Db, serviceId: string): Promise<RouteRule[]> {
	const rows = await db.selectFrom('service_routes').select(['region', 'organ_id', 'team']).where('service_id', '=', serviceId).execute();
	return rows.map((r) => ({ region: r.region, organId: r.organ_id, team: r.team }));
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

export interface ProtocolEventView {
	at: string;
	action: string;
	from: string | null;
	to: string;
	fromOrgan: string | null;
	toOrgan: string | null;
	note: string;
	public: boolean;
	/** Who wrote it, as stored (`user:ana`, `anonymous`, …); screens say it through actorText. */
	author: string;
	/** The author's full name when a person wrote it. */
	authorName: string | null;
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
