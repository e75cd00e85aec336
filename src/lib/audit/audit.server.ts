import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { CpfSchema } from '$lib/citizens/cpf';
import type { Actor } from '$lib/auth/actor';
import { actorLabel } from '$lib/auth/actor-label';
import { authorize } from '$lib/auth/authorize';
import { saneDate } from '$lib/units/holidays';
import { atLocalTime } from '$lib/units/hours';
import type { Db } from '$lib/server/db/database';
import { settingValue } from '$lib/server/settings.server';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';

/** Records who changed what, inside the change's own transaction; a job names itself (`system:retention`). */
export async function audit(
	db: Db,
	actor: Actor | `system:${string}`,
	action: string,
	entity: string,
	entityId: string,
	details: Record<string, unknown> = {}
): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({ actor: typeof actor === 'string' ? actor : actorLabel(actor), action, entity, entity_id: entityId, details: JSON.stringify(details) })
		.execute();
}

/**
 * A keyed hash of a CPF (HMAC-SHA256 with the installation's key, migration 0015): audit rows
 * about a citizen carry it as `details.citizen`, so the LGPD report and the trail's CPF filter
 * find every one of them while the trail itself never holds the CPF.
 */
export async function citizenRef(db: Db, cpf: string): Promise<string> {
	return keyedRef(db, cpf);
}

/** The same keyed hash for any personal value a table must count or match without holding it (a phone, an e-mail). */
export async function keyedRef(db: Db, value: string): Promise<string> {
	return refOf(await citizenAuditKey(db), value);
}

async function citizenAuditKey(db: Db): Promise<string> {
	const value = await settingValue(db, 'citizen_audit_key');
	if (value === undefined) throw new Error('The citizen audit key is missing (migration 0015 sets it).');
	return String(value);
}

const refOf = (key: string, cpf: string) => createHmac('sha256', key).update(cpf).digest('hex').slice(0, 32);

export interface PersonalRead {
	entity: 'protocol' | 'citizen' | 'appointment' | 'chat_contact';
	entityId: string;
	cpf: string | null;
	via: string;
	action?: string;
	details?: Record<string, unknown>;
}

/**
 * Records a read of a citizen's personal data (LGPD art. 37: who read what, when and through
 * where): the protocol, appointment or CPF read, the screen or endpoint (`via`), and the token's
 * id when a token read it (its name alone may be shared).
 */
export async function auditPersonalRead(db: Db, actor: Actor, read: PersonalRead): Promise<void> {
	await auditPersonalReads(db, actor, [read]);
}

/** Several reads at once (a list that shows many citizens' names), one audit row each, in one statement. */
export async function auditPersonalReads(db: Db, actor: Actor, reads: readonly PersonalRead[]): Promise<void> {
	if (reads.length === 0) return;
	const label = actorLabel(actor);
	const key = reads.some((r) => r.cpf) ? await citizenAuditKey(db) : '';
	await db
		.insertInto('audit_log')
		.values(
			reads.map((read) => ({
				actor: label,
				action: read.action ?? `${read.entity}.read`,
				entity: read.entity,
				entity_id: read.entityId,
				details: JSON.stringify({
					via: read.via,
					...(read.cpf ? { citizen: refOf(key, read.cpf) } : {}),
					...(actor.kind === 'device' ? { token: actor.id } : {}),
					...read.details
				})
			}))
		)
		.execute();
}

/** JSON with object keys sorted: jsonb hands keys back in its own order, which is no change. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

/** The fields an edit changed, as `{ before, after }` with only those keys, for the audit trail. */
export function changes(
	before: Record<string, unknown>,
	after: Record<string, unknown>
): { before: Record<string, unknown>; after: Record<string, unknown> } {
	const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
	for (const key of Object.keys(after)) {
		if (canonical(before[key]) !== canonical(after[key])) {
			out.before[key] = before[key] ?? null;
			out.after[key] = after[key];
		}
	}
	return out;
}

export const AuditFilter = z.object({
	entity: z.string().trim().max(40).optional(),
	entityId: z.string().trim().max(80).optional(),
	actor: z.string().trim().max(80).optional(),
	action: z.string().trim().max(60).optional(),
	/** A citizen's keyed reference (citizenRef), never the CPF itself: it may sit in an address. */
	citizen: z.string().regex(/^[0-9a-f]{32}$/, 'A citizen reference').optional(),
	from: saneDate().optional(),
	to: saneDate().optional()
});

export interface AuditEntry {
	id: string;
	at: string;
	actor: string;
	action: string;
	entity: string;
	entityId: string;
	details: Record<string, unknown>;
}

const AUDIT_LIMIT = 200;

/** Who changed what and when, newest first, filtered by entity, actor and local dates (admins only). */
export async function searchAudit(deps: Deps, actor: Actor, raw: unknown): Promise<AuditEntry[]> {
	authorize(actor, 'admin');
	const f = parse(AuditFilter, raw);
	let q = deps.db.selectFrom('audit_log').selectAll();
	if (f.entity) q = q.where('entity', '=', f.entity);
	if (f.entityId) q = q.where('entity_id', '=', f.entityId);
	if (f.action) q = q.where('action', '=', f.action);
	if (f.citizen) q = q.where(sql<string>`details->>'citizen'`, '=', f.citizen);
	if (f.actor) q = q.where('actor', 'ilike', `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
	if (f.from) q = q.where('at', '>=', atLocalTime(f.from, '00:00', deps.config.cityZone));
	if (f.to) q = q.where('at', '<', atLocalTime(f.to, '24:00', deps.config.cityZone));
	const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(AUDIT_LIMIT).execute();
	return rows.map((r) => ({
		id: String(r.id),
		at: r.at.toISOString(),
		actor: r.actor,
		action: r.action,
		entity: r.entity,
		entityId: r.entity_id,
		details: r.details
	}));
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

/** The entity names and actions the trail holds, for the viewer's filters. */
export async function auditChoices(deps: Deps, actor: Actor): Promise<{ entities: string[]; actions: string[] }> {
	authorize(actor, 'admin');
	const [entities, actions] = await Promise.all([
		deps.db.selectFrom('audit_log').select('entity').distinct().orderBy('entity').execute(),
		deps.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()
	]);
	return { entities: entities.map((r) => r.entity), actions: actions.map((r) => r.action) };
}

/** The trail's filter for one citizen, from the CPF an admin typed (in a POST body): their keyed reference. */
export async function auditCitizenFilter(deps: Deps, actor: Actor, raw: unknown): Promise<string> {
	authorize(actor, 'admin');
	const { cpf } = parse(z.object({ cpf: CpfSchema }), raw);
	return citizenRef(deps.db, cpf);
}
