import { z } from 'zod';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { saneDate } from '$lib/units/holidays';
import { atLocalTime } from '$lib/units/hours';
import type { Db } from './db/database';
import type { Deps } from './deps';
import { parse } from './validate';

export function actorLabel(actor: Actor): string {
	if (actor.kind === 'user') return `user:${actor.username}`;
	if (actor.kind === 'device') return `${actor.tokenKind}:${actor.name}`;
	return 'anonymous';
}

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

/** The zone audit dates are read in: the city's (Brasília time, the units' default). */
const AUDIT_ZONE = 'America/Sao_Paulo';
const AUDIT_LIMIT = 200;

/** Who changed what and when, newest first, filtered by entity, actor and local dates (admins only). */
export async function searchAudit(deps: Deps, actor: Actor, raw: unknown): Promise<AuditEntry[]> {
	authorize(actor, 'admin');
	const f = parse(AuditFilter, raw);
	let q = deps.db.selectFrom('audit_log').selectAll();
	if (f.entity) q = q.where('entity', '=', f.entity);
	if (f.entityId) q = q.where('entity_id', '=', f.entityId);
	if (f.actor) q = q.where('actor', 'ilike', `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
	if (f.from) q = q.where('at', '>=', atLocalTime(f.from, '00:00', AUDIT_ZONE));
	if (f.to) q = q.where('at', '<', atLocalTime(f.to, '24:00', AUDIT_ZONE));
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

/** The entity names the trail holds, for the viewer's filter. */
export async function auditEntities(deps: Deps, actor: Actor): Promise<string[]> {
	authorize(actor, 'admin');
	const rows = await deps.db.selectFrom('audit_log').select('entity').distinct().orderBy('entity').execute();
	return rows.map((r) => r.entity);
}
