import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';

/* The audit trail's table (`audit_log`): `audit.server.ts` decides what goes in and who may read it. */

export interface AuditRow {
	actor: string;
	action: string;
	entity: string;
	entityId: string;
	details: Record<string, unknown>;
}

/** Appends rows to the trail, in one statement, inside the caller's transaction. */
export async function insertAuditRows(db: Db, rows: readonly AuditRow[]): Promise<void> {
	await db
		.insertInto('audit_log')
		.values(rows.map((r) => ({ actor: r.actor, action: r.action, entity: r.entity, entity_id: r.entityId, details: JSON.stringify(r.details) })))
		.execute();
}

export interface AuditSearch {
	entity?: string;
	entityId?: string;
	action?: string;
	/** A citizen's keyed reference (`details.citizen`). */
	citizen?: string;
	/** Part of the actor's label, matched ignoring case. */
	actor?: string;
	from?: Date;
	to?: Date;
}

/** Rows matching a search, newest first. */
export async function searchAuditRows(db: Db, f: AuditSearch, limit: number) {
	let q = db.selectFrom('audit_log').selectAll();
	if (f.entity) q = q.where('entity', '=', f.entity);
	if (f.entityId) q = q.where('entity_id', '=', f.entityId);
	if (f.action) q = q.where('action', '=', f.action);
	if (f.citizen) q = q.where(sql<string>`details->>'citizen'`, '=', f.citizen);
	if (f.actor) q = q.where('actor', 'ilike', `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
	if (f.from) q = q.where('at', '>=', f.from);
	if (f.to) q = q.where('at', '<', f.to);
	const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
	return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details }));
}

/** The distinct entity names or actions the trail holds, sorted. */
export async function auditedValues(db: Db, column: 'entity' | 'action'): Promise<string[]> {
	const rows = await db.selectFrom('audit_log').select(column).distinct().orderBy(column).execute();
	return rows.map((r) => r[column]);
}

/**
 * The trail about a citizen, newest first: rows carrying their keyed reference, and rows about
 * their protocols and appointments.
 */
export async function trailOfCitizen(db: Db, ref: string, about: { protocols: readonly string[]; appointments: readonly string[] }, limit: number) {
	const rows = await db
		.selectFrom('audit_log')
		.select(['at', 'actor', 'action', 'entity', 'entity_id', 'details'])
		.where((eb) =>
			eb.or([
				eb(sql<string>`details->>'citizen'`, '=', ref),
				...(about.protocols.length ? [eb.and([eb('entity', '=', 'protocol'), eb('entity_id', 'in', [...about.protocols])])] : []),
				...(about.appointments.length ? [eb.and([eb('entity', '=', 'appointment'), eb('entity_id', 'in', [...about.appointments])])] : [])
			])
		)
		.orderBy('at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((a) => ({ at: a.at, actor: a.actor, action: a.action, entity: a.entity, entityId: a.entity_id, details: a.details }));
}

/** Opens, pauses and closes of these counters in [from, to), by counter then time: where the wait forecast learns the unit's breaks. */
export async function counterStatusChanges(db: Db, counterIds: readonly string[], from: Date, to: Date): Promise<{ counterId: string; action: string; at: Date }[]> {
	if (counterIds.length === 0) return [];
	const rows = await db
		.selectFrom('audit_log')
		.select(['entity_id', 'action', 'at'])
		.where('entity', '=', 'counter')
		.where('entity_id', 'in', counterIds)
		.where('action', 'in', ['counter.open', 'counter.pause', 'counter.close'])
		.where('at', '>=', from)
		.where('at', '<', to)
		.orderBy('entity_id')
		.orderBy('at')
		.execute();
	return rows.map((r) => ({ counterId: r.entity_id, action: r.action, at: r.at }));
}
