import { can, type Actor } from '$lib/auth/actor';
import type { Db } from '$lib/server/db/database';

/** What a signed-in actor may see of protocols: all of them, or one organ's inbox (plus escalations for the ouvidoria). */
export type StaffScope = { kind: 'all' } | { kind: 'organ'; organId: string; ombudsman: boolean } | { kind: 'none' };

export async function staffScope(db: Db, actor: Actor): Promise<StaffScope> {
	if (actor.kind === 'anonymous') return { kind: 'none' };
	if (actor.kind === 'user' && actor.role === 'organ_staff') {
		if (!actor.organId) return { kind: 'none' };
		const organ = await db.selectFrom('organs').select('is_ombudsman').where('id', '=', actor.organId).executeTakeFirst();
		return organ ? { kind: 'organ', organId: actor.organId, ombudsman: organ.is_ombudsman } : { kind: 'none' };
	}
	// Clerks, agents, managers, admins and integrations read any protocol ('protocol:read' without an organ).
	return can(actor, 'protocol:read') ? { kind: 'all' } : { kind: 'none' };
}

/** The ouvidoria, second instance (Lei 13.460/2017 art. 16), reads every protocol; other organs their own inbox. */
export function scopeReads(scope: StaffScope, organId: string): boolean {
	if (scope.kind === 'all') return true;
	if (scope.kind === 'organ') return scope.ombudsman || scope.organId === organId;
	return false;
}
