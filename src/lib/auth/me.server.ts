import type { Deps } from '$lib/server/deps';
import type { Actor } from './actor';

/** Who is calling, as API.md's `/me` shows it: units and organ by their public codes. */
export async function meView(deps: Deps, actor: Actor) {
	if (actor.kind === 'user') {
		const units = actor.unitIds.length
			? await deps.db.selectFrom('units').select('slug').where('id', 'in', actor.unitIds).orderBy('slug').execute()
			: [];
		const organ = actor.organId
			? await deps.db.selectFrom('organs').select('code').where('id', '=', actor.organId).executeTakeFirst()
			: undefined;
		return {
			kind: 'user' as const,
			id: actor.id,
			username: actor.username,
			name: actor.name,
			role: actor.role,
			units: units.map((u) => u.slug),
			organ: organ?.code ?? null
		};
	}
	if (actor.kind === 'device') {
		const unit = actor.unitId
			? await deps.db.selectFrom('units').select('slug').where('id', '=', actor.unitId).executeTakeFirst()
			: undefined;
		return { kind: 'token' as const, id: actor.id, name: actor.name, tokenKind: actor.tokenKind, unit: unit?.slug ?? null };
	}
	return { kind: 'anonymous' as const };
}
