import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { TOKEN_SCOPES, type Actor, type Role, type TokenScope } from './actor';
import { sha256 } from './secrets.server';

const TOUCH_EVERY_MS = 5 * 60_000;

/** The person behind a session cookie, or null when it is unknown, expired or the user is inactive. */
export async function actorFromSession(db: Db, sessionSecret: string, now: Date): Promise<Actor | null> {
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(['users.id', 'users.username', 'users.name', 'users.role', 'users.organ_id'])
		// The units come along in the same round trip: every staff request resolves its session.
		.select(sql<string[]>`array(select unit_id from user_units where user_units.user_id = users.id)`.as('unitIds'))
		.where('sessions.id', '=', sha256(sessionSecret))
		.where('sessions.expires_at', '>', now)
		.where('users.active', '=', true)
		.executeTakeFirst();
	return row ? actorOf(row, row.unitIds) : null;
}

export async function userActor(db: Db, row: UserRow): Promise<Actor> {
	const units = await db.selectFrom('user_units').select('unit_id').where('user_id', '=', row.id).execute();
	return actorOf(row, units.map((u) => u.unit_id));
}

type UserRow = { id: string; username: string; name: string; role: Role; organ_id: string | null };

function actorOf(row: UserRow, unitIds: string[]): Actor {
	return { kind: 'user', id: row.id, username: row.username, name: row.name, role: row.role, organId: row.organ_id, unitIds };
}

/** The device or integration behind a bearer token, or null when unknown or revoked. */
export async function actorFromToken(db: Db, token: string, now: Date): Promise<Actor | null> {
	const row = await db
		.selectFrom('api_tokens')
		.select(['id', 'name', 'kind', 'unit_id', 'last_used_at', 'scopes'])
		.where('token_hash', '=', sha256(token))
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (!row) return null;
	// Kiosks and panels call often: record use at most every few minutes, not on every request.
	if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
		await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
	}
	return { kind: 'device', id: row.id, name: row.name, tokenKind: row.kind, unitId: row.unit_id, scopes: tokenScopes(row.scopes) };
}

/** The scopes stored on a token, keeping only known ones (a scope removed from the code grants nothing). */
export function tokenScopes(stored: unknown): TokenScope[] {
	return Array.isArray(stored) ? TOKEN_SCOPES.filter((s) => stored.includes(s)) : [];
}
