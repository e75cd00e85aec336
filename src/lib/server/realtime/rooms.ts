import { organIdByCode } from '$lib/organs/store.server';
import { counterById, unitIdsBySlug } from '$lib/units/store.server';
import type { Actor } from '$lib/auth/actor';
import { can } from '$lib/auth/actor';
import type { Db } from '../db/database';
import { isUuid } from '../http/validate';

/** Room kinds of docs/api.md#realtime; `panel`, `ticket` and `line` rooms carry no personal data and are public. */
export type RoomKind = 'panel' | 'queue' | 'counter' | 'ticket' | 'line' | 'inbox' | 'conversations';

export function parseRoom(room: unknown): { kind: RoomKind; key: string } | null {
	if (typeof room !== 'string' || room.length > 100) return null;
	const m = /^(panel|queue|counter|ticket|line|inbox|conversations):([A-Za-z0-9_-]+)$/.exec(room);
	return m ? { kind: m[1] as RoomKind, key: m[2] } : null;
}

/** Rooms anyone may join; every other room is re-checked while the socket stays in it. */
export const isPublicRoom = (kind: RoomKind) => kind === 'panel' || kind === 'ticket' || kind === 'line';

/** Rooms one socket may be in at once: a panel needs one, a clerk's console a handful. */
export const MAX_ROOMS_PER_SOCKET = 50;

/** Whether a handshake's Origin is this server's own: the Host it was sent to, or the public URL. */
export function sameOrigin(origin: string, host: string | undefined, publicUrl: string | null): boolean {
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}
	if (host !== undefined && url.host === host) return true;
	return publicUrl !== null && URL.canParse(publicUrl) && url.origin === new URL(publicUrl).origin;
}

/** Whether this actor may listen in this room; checked before every join. */
export async function mayJoin(db: Db, actor: Actor, room: { kind: RoomKind; key: string }): Promise<boolean> {
	switch (room.kind) {
		case 'panel':
		case 'ticket':
		// A unit's waiting numbers in call order, which its panel calls aloud anyway.
		case 'line':
			return true;
		case 'queue': {
			const unitId = (await unitIdsBySlug(db, [room.key])).get(room.key);
			return !!unitId && can(actor, 'queue:read', { unitId });
		}
		case 'counter': {
			if (!isUuid(room.key)) return false;
			// The counter's display: whoever may read the unit's calls (its panel and kiosk tokens,
			// its staff), the same rule as GET /counters/{id}/display; its events carry no personal data.
			const counter = await counterById(db, room.key);
			return !!counter && can(actor, 'calls:read', { unitId: counter.unitId });
		}
		case 'inbox': {
			// Organ inboxes carry citizens' requests: people of the organ only, never a device or integration token.
			if (actor.kind !== 'user') return false;
			const organId = await organIdByCode(db, room.key);
			return !!organId && can(actor, 'protocol:read', { organId });
		}
		case 'conversations':
			// Citizens' chats: the people who answer them, signed in; the only channel is WhatsApp.
			return actor.kind === 'user' && room.key === 'whatsapp' && can(actor, 'conversation:handle');
	}
}
