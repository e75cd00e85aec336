import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { TOKEN_SCOPES, type Actor, type Role, type TokenKind, type TokenScope } from './actor';
import { sha256 } from './secrets.server';
import { isUuid } from '$lib/server/http/validate';

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

// ---- sign-in ----------------------------------------------------------------------------------

/** Counts a sign-in attempt as failed before its password is checked (see login). */
export async function recordLoginFailure(db: Db, username: string, ip: string, at: Date): Promise<void> {
	await db.insertInto('login_failures').values({ username, ip, at }).execute();
}

/** Failures from this address since a moment: for this user and for all, with the first of each. */
export function loginFailuresSince(db: Db, username: string, ip: string, since: Date) {
	return db
		.selectFrom('login_failures')
		.select((eb) => [
			eb.fn.countAll<number>().filterWhere('username', '=', username).as('byUser'),
			eb.fn.countAll<number>().as('byIp'),
			eb.fn.min('at').filterWhere('username', '=', username).as('firstByUser'),
			eb.fn.min('at').as('firstByIp')
		])
		.where('at', '>', since)
		.where('ip', '=', ip)
		.executeTakeFirstOrThrow();
}

export function activeUserWithPassword(db: Db, username: string) {
	return db
		.selectFrom('users')
		.select(['id', 'username', 'name', 'role', 'organ_id', 'password_hash'])
		.where('username', '=', username)
		.where('active', '=', true)
		.executeTakeFirst();
}

/** Opens a session, forgives this user's failures from this address and sweeps what has expired. */
export async function startSession(
	db: Db,
	s: { sessionSecret: string; userId: string; expiresAt: Date; username: string; ip: string; failuresBefore: Date; now: Date }
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.insertInto('sessions').values({ id: sha256(s.sessionSecret), user_id: s.userId, expires_at: s.expiresAt }).execute();
		await trx.deleteFrom('login_failures').where('username', '=', s.username).where('ip', '=', s.ip).execute();
		await trx.deleteFrom('login_failures').where('at', '<=', s.failuresBefore).execute();
		await trx.deleteFrom('sessions').where('expires_at', '<', s.now).execute();
	});
}

export async function endSession(db: Db, sessionSecret: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sha256(sessionSecret)).execute();
}

// ---- people -----------------------------------------------------------------------------------

export type UserColumns = { name: string; role: Role; organ_id: string | null };

/** Every person with their organ's code and their units' slugs, by username. */
export async function usersWithUnits(db: Db) {
	const [rows, links] = await Promise.all([
		db
			.selectFrom('users')
			.leftJoin('organs', 'organs.id', 'users.organ_id')
			.select(['users.id', 'users.username', 'users.name', 'users.role', 'users.active', 'organs.code as organ'])
			.orderBy('users.username')
			.execute(),
		db.selectFrom('user_units').innerJoin('units', 'units.id', 'user_units.unit_id').select(['user_units.user_id', 'units.slug']).execute()
	]);
	return rows.map((r) => ({ ...r, units: links.filter((l) => l.user_id === r.id).map((l) => l.slug) }));
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
	return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function insertUser(db: Db, user: UserColumns & { username: string; password_hash: string }, unitIds: readonly string[]) {
	const row = await db.insertInto('users').values(user).returning(['id', 'username', 'name', 'role', 'active']).executeTakeFirstOrThrow();
	if (unitIds.length) await db.insertInto('user_units').values(unitIds.map((unit_id) => ({ user_id: row.id, unit_id }))).execute();
	return row;
}

/**
 * Adds the people whose username is free, with their units; a username already taken (the
 * `admin` of VEZ_ADMIN_PASSWORD, a real person, one being added concurrently) stays as it is.
 * How many were added.
 */
export async function insertUsersIfAbsent(
	db: Db,
	users: readonly (UserColumns & { username: string; password_hash: string; unitIds: readonly string[] })[]
): Promise<number> {
	if (!users.length) return 0;
	const added = await db
		.insertInto('users')
		.values(users.map(({ unitIds: _, ...user }) => user))
		.onConflict((oc) => oc.column('username').doNothing())
		.returning(['id', 'username'])
		.execute();
	const links = added.flatMap((row) => (users.find((u) => u.username === row.username)?.unitIds ?? []).map((unit_id) => ({ user_id: row.id, unit_id })));
	if (links.length) await db.insertInto('user_units').values(links).execute();
	return added.length;
}

/** A person as their edit form changes them, locked for the change, with their units' slugs. */
export async function userForUpdate(db: Db, username: string) {
	const user = await db
		.selectFrom('users')
		.leftJoin('organs', 'organs.id', 'users.organ_id')
		.select(['users.id', 'users.name', 'users.role', 'users.active', 'organs.code as organ'])
		.where('users.username', '=', username)
		.forUpdate('users')
		.executeTakeFirst();
	if (!user) return null;
	const units = await db
		.selectFrom('user_units')
		.innerJoin('units', 'units.id', 'user_units.unit_id')
		.select('units.slug')
		.where('user_id', '=', user.id)
		.orderBy('units.slug')
		.execute();
	return { ...user, units: units.map((u) => u.slug) };
}

/** Saves a person's fields and units; a deactivated person's sessions end at once. */
export async function updateUserRow(db: Db, id: string, user: UserColumns & { active: boolean }, unitIds: readonly string[]): Promise<void> {
	await db.updateTable('users').set(user).where('id', '=', id).execute();
	await db.deleteFrom('user_units').where('user_id', '=', id).execute();
	if (unitIds.length) await db.insertInto('user_units').values(unitIds.map((unit_id) => ({ user_id: id, unit_id }))).execute();
	if (!user.active) await db.deleteFrom('sessions').where('user_id', '=', id).execute();
}

/** Sets a password and ends the person's sessions; the id, or null for an unknown username. */
export async function setPassword(db: Db, username: string, passwordHash: string): Promise<string | null> {
	const user = await db.updateTable('users').set({ password_hash: passwordHash }).where('username', '=', username).returning('id').executeTakeFirst();
	if (!user) return null;
	await db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
	return user.id;
}

/** Creates the admin with this password hash, or resets it and its role. */
export async function upsertAdmin(db: Db, passwordHash: string): Promise<void> {
	await db
		.insertInto('users')
		.values({ username: 'admin', name: 'Administrador', password_hash: passwordHash, role: 'admin' })
		.onConflict((oc) => oc.column('username').doUpdateSet({ password_hash: passwordHash, role: 'admin', active: true }))
		.execute();
}

// ---- tokens -----------------------------------------------------------------------------------

export async function insertToken(
	db: Db,
	token: { name: string; kind: TokenKind; unit_id: string | null; secret: string; created_by: string | null; scopes: readonly TokenScope[] }
): Promise<string> {
	const { secret, scopes, ...rest } = token;
	const row = await db
		.insertInto('api_tokens')
		.values({ ...rest, token_hash: sha256(secret), scopes: JSON.stringify(scopes) })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Every token with its unit's slug, newest first. */
export function tokenRows(db: Db) {
	return db
		.selectFrom('api_tokens')
		.leftJoin('units', 'units.id', 'api_tokens.unit_id')
		.select(['api_tokens.id', 'api_tokens.name', 'api_tokens.kind', 'units.slug as unit', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'api_tokens.scopes'])
		.orderBy('api_tokens.created_at', 'desc')
		.execute();
}

/** Revokes an active token; false when there is none with this id. */
export async function revokeTokenRow(db: Db, id: string, at: Date): Promise<boolean> {
	const row = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
	return !!row;
}

/** A kiosk token of this unit that is still valid. */
export async function kioskTokenOfUnit(db: Db, unitId: string, tokenId: string): Promise<{ id: string; name: string } | undefined> {
	if (!isUuid(tokenId)) return undefined;
	return db
		.selectFrom('api_tokens')
		.select(['id', 'name'])
		.where('id', '=', tokenId)
		.where('unit_id', '=', unitId)
		.where('kind', '=', 'kiosk')
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
}

/** The valid kiosk tokens of these units, by name. */
export async function kioskTokensOfUnits(db: Db, unitIds: readonly string[]): Promise<{ id: string; name: string; unitId: string }[]> {
	if (unitIds.length === 0) return [];
	const rows = await db
		.selectFrom('api_tokens')
		.select(['id', 'name', 'unit_id'])
		.where('unit_id', 'in', unitIds)
		.where('kind', '=', 'kiosk')
		.where('revoked_at', 'is', null)
		.orderBy('name')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, unitId: r.unit_id! }));
}

/** Whether a token with this hash was ever made (revoked or not). */
export async function tokenHashExists(db: Db, tokenHash: string): Promise<boolean> {
	return !!(await db.selectFrom('api_tokens').select('id').where('token_hash', '=', tokenHash).executeTakeFirst());
}

/** Which of these token hashes belong to live (unrevoked) device tokens, with their kind and unit. */
export async function liveDeviceTokens(db: Db, hashes: readonly string[]): Promise<{ tokenHash: string; kind: TokenKind; unitSlug: string }[]> {
	if (hashes.length === 0) return [];
	const rows = await db
		.selectFrom('api_tokens')
		.innerJoin('units', 'units.id', 'api_tokens.unit_id')
		.select(['api_tokens.token_hash', 'api_tokens.kind', 'units.slug'])
		.where('api_tokens.token_hash', 'in', [...hashes])
		.where('api_tokens.revoked_at', 'is', null)
		.execute();
	return rows.map((r) => ({ tokenHash: r.token_hash, kind: r.kind, unitSlug: r.slug }));
}
