import { organCodeById } from '$lib/organs/store.server';
import { unitSlugs } from '$lib/units/store.server';
import type { Deps } from '$lib/server/deps';
import type { Actor } from './actor';
import type { MeView } from './views';

/** Who is calling, as `GET /me` shows it (docs/api.md#session-users-tokens-printers-stats): units and organ by their public codes. */
export async function meView(deps: Deps, actor: Actor): Promise<MeView> {
	if (actor.kind === 'user') {
		const units = await unitSlugs(deps.db, actor.unitIds);
		const organ = actor.organId ? await organCodeById(deps.db, actor.organId) : null;
		return {
			kind: 'user' as const,
			id: actor.id,
			username: actor.username,
			name: actor.name,
			role: actor.role,
			units,
			organ
		};
	}
	if (actor.kind === 'device') {
		const [unit] = actor.unitId ? await unitSlugs(deps.db, [actor.unitId]) : [];
		return { kind: 'token' as const, id: actor.id, name: actor.name, tokenKind: actor.tokenKind, unit: unit ?? null };
	}
	return { kind: 'anonymous' as const };
}
