import { isOmbudsman } from '$lib/organs/store.server';
import type { Actor } from '$lib/auth/actor';
import { inReach, personReach, readerOf, seesPersonalData, tokenReach, type ProtocolFacts, type ProtocolReach, type Reader } from '$lib/auth/authorize';
import type { Db } from '$lib/server/db/database';

/**
 * What an actor may read of protocols, resolved once per request from the privilege table
 * (src/lib/auth/authorize.ts): which protocols (`reach`), whether with the citizen's identity,
 * and for organ staff the inbox their lists show (the ouvidoria's includes escalated ones).
 */
export interface ProtocolAccess {
	/** The table's row for a person; null for a token or nobody. */
	reader: Reader | null;
	reach: ProtocolReach;
	personal: boolean;
	inbox: { organId: string; ombudsman: boolean } | null;
}

const NOBODY: ProtocolAccess = { reader: null, reach: { all: false }, personal: false, inbox: null };

export async function protocolAccess(db: Db, actor: Actor): Promise<ProtocolAccess> {
	if (actor.kind === 'anonymous') return NOBODY;
	if (actor.kind === 'device') return { reader: null, reach: tokenReach(actor), personal: seesPersonalData(actor), inbox: null };
	let inbox: ProtocolAccess['inbox'] = null;
	if (actor.role === 'organ_staff') {
		const ombudsman = actor.organId ? await isOmbudsman(db, actor.organId) : null;
		if (ombudsman === null) return NOBODY;
		inbox = { organId: actor.organId!, ombudsman };
	}
	const reader = readerOf(actor, inbox?.ombudsman ?? false);
	return { reader, reach: personReach(actor, reader), personal: true, inbox };
}

/** Whether the actor reaches nothing at all (a kiosk, a token without read scopes). */
export function readsNothing(access: ProtocolAccess): boolean {
	const r = access.reach;
	return !r.all && r.organId === undefined && r.unitIds === undefined && r.openerId === undefined;
}

export function mayRead(access: ProtocolAccess, p: ProtocolFacts): boolean {
	return inReach(access.reach, p);
}
