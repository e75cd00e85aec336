import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { CpfSchema } from '$lib/citizens/cpf';
import type { Actor } from '$lib/auth/actor';
import { actorLabel } from '$lib/auth/actor-label';
import { authorize } from '$lib/auth/authorize';
import { saneDate } from '$lib/units/holidays';
import { atLocalTime } from '$lib/units/hours';
import type { Db } from '$lib/server/db/database';
import { settingValue } from '$lib/server/settings.server';
import { auditedValues, insertAuditRows, searchAuditRows } from './store.server';
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
	await insertAuditRows(db, [{ actor: typeof actor === 'string' ? actor : actorLabel(actor), action, entity, entityId, details }]);
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
	await insertAuditRows(
		db,
		reads.map((read) => ({
			actor: label,
			action: read.action ?? `${read.entity}.read`,
			entity: read.entity,
			entityId: read.entityId,
			details: {
				via: read.via,
				...(read.cpf ? { citizen: refOf(key, read.cpf) } : {}),
				...(actor.kind === 'device' ? { token: actor.id } : {}),
				...read.details
			}
		}))
	);
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
	const rows = await searchAuditRows(
		deps.db,
		{
			...f,
			from: f.from ? atLocalTime(f.from, '00:00', deps.config.cityZone) : undefined,
			to: f.to ? atLocalTime(f.to, '24:00', deps.config.cityZone) : undefined
		},
		AUDIT_LIMIT
	);
	return rows.map((r) => ({ ...r, id: String(r.id), at: r.at.toISOString() }));
}

/** The entity names and actions the trail holds, for the viewer's filters. */
export async function auditChoices(deps: Deps, actor: Actor): Promise<{ entities: string[]; actions: string[] }> {
	authorize(actor, 'admin');
	const [entities, actions] = await Promise.all([auditedValues(deps.db, 'entity'), auditedValues(deps.db, 'action')]);
	return { entities, actions };
}

/** The trail's filter for one citizen, from the CPF an admin typed (in a POST body): their keyed reference. */
export async function auditCitizenFilter(deps: Deps, actor: Actor, raw: unknown): Promise<string> {
	authorize(actor, 'admin');
	const { cpf } = parse(z.object({ cpf: CpfSchema }), raw);
	return citizenRef(deps.db, cpf);
}
