import type { Actor } from '$lib/auth/actor';
import type { Db } from './db/database';

export function actorLabel(actor: Actor): string {
	if (actor.kind === 'user') return `user:${actor.username}`;
	if (actor.kind === 'device') return `${actor.tokenKind}:${actor.name}`;
	return 'anonymous';
}

/** Records who changed what, inside the change's own transaction. */
export async function audit(
	db: Db,
	actor: Actor,
	action: string,
	entity: string,
	entityId: string,
	details: Record<string, unknown> = {}
): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({ actor: actorLabel(actor), action, entity, entity_id: entityId, details: JSON.stringify(details) })
		.execute();
}
