import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import { parse, slug, text } from '$lib/server/http/validate';
import { ROLES, type Actor, type Role } from './actor';
import { authorize } from './authorize';
import { hashPassword } from './secrets.server';
import { insertUser, setPassword, updateUserRow, upsertAdmin, userForUpdate, usernameTaken, usersWithUnits } from './store.server';
import { audit, changes } from '$lib/audit/audit.server';
import { conflictOnDuplicate } from '$lib/server/db/conflict';
import { organIdByCode } from '$lib/organs/store.server';
import { unitIdsBySlug } from '$lib/units/store.server';
import type { UserView } from './views';

export const NewUserInput = z.object({
	username: z
		.string()
		.trim()
		.toLowerCase()
		.regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'Use 2–40 letters, digits, dots, dashes or underscores.'),
	name: text(120),
	password: z.string().min(8, 'At least 8 characters.').max(200),
	role: z.enum(ROLES as [Role, ...Role[]]),
	units: z.array(slug).max(100).optional(),
	organ: slug.optional()
});

export async function listUsers(deps: Deps, actor: Actor): Promise<UserView[]> {
	authorize(actor, 'admin');
	return usersWithUnits(deps.db);
}

/** Creates a person with a role and the units or organ they work in. */
export async function createUser(deps: Deps, actor: Actor, raw: unknown): Promise<UserView> {
	authorize(actor, 'admin');
	const input = parse(NewUserInput, raw);
	const passwordHash = await hashPassword(input.password);
	// The check names the clash; the unique index settles two simultaneous creations the same way.
	const created = await conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				if (await usernameTaken(trx, input.username)) throw new VezError('username_taken', 'This username is already in use.', { username: 'taken' });
				const unitIds = await resolveUnits(trx, input.units ?? []);
				const organId = await resolveOrgan(trx, input.organ);
				const user = await insertUser(trx, { username: input.username, name: input.name, password_hash: passwordHash, role: input.role, organ_id: organId }, unitIds);
				await audit(trx, actor, 'user.create', 'user', user.id, {
					after: { username: user.username, name: user.name, role: user.role, units: input.units ?? [], organ: input.organ ?? null }
				});
				return user;
			}),
		{ users_username_key: 'username' },
		'username_taken'
	);
	return { ...created, units: input.units ?? [], organ: input.organ ?? null };
}

async function resolveUnits(db: Db, slugs: readonly string[]): Promise<string[]> {
	const ids = await unitIdsBySlug(db, slugs);
	const missing = slugs.filter((s) => !ids.has(s));
	if (missing.length) throw new VezError('invalid_input', `Unknown units: ${missing.join(', ')}`, { units: 'unknown' });
	return [...ids.values()];
}

/** The id of the organ a person works in, by its code; none for staff of units. */
async function resolveOrgan(db: Db, code: string | undefined): Promise<string | null> {
	if (!code) return null;
	const id = await organIdByCode(db, code);
	if (!id) throw new VezError('invalid_input', 'Unknown organ.', { organ: 'unknown' });
	return id;
}

/**
 * Creates the user `admin` with this password, or resets it: how a fresh installation (and
 * automated checks) always get in without a hard-coded password.
 */
export async function ensureAdmin(db: Db, password: string): Promise<void> {
	await upsertAdmin(db, await hashPassword(password));
}

export const UserUpdateInput = z.object({
	name: text(120),
	role: z.enum(ROLES as [Role, ...Role[]]),
	units: z.array(slug).max(100),
	organ: slug.optional(),
	active: z.boolean()
});

/**
 * Changes a person's name, role, units, organ or whether they may sign in; a deactivated
 * person's sessions end at once. An admin cannot lock themselves out.
 */
export async function updateUser(deps: Deps, actor: Actor, username: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(UserUpdateInput, raw);
	await deps.db.transaction().execute(async (trx) => {
		const user = await userForUpdate(trx, username);
		if (!user) throw new VezError('user_not_found', 'No such user.');
		if (actor.kind === 'user' && actor.id === user.id && (!input.active || input.role !== 'admin')) {
			throw new VezError('invalid_input', 'You cannot remove your own admin access.', { role: 'self' });
		}
		const unitIds = await resolveUnits(trx, input.units);
		const organId = await resolveOrgan(trx, input.organ);
		await updateUserRow(trx, user.id, { name: input.name, role: input.role, organ_id: organId, active: input.active }, unitIds);
		await audit(
			trx,
			actor,
			'user.update',
			'user',
			user.id,
			changes(
				{ name: user.name, role: user.role, organ: user.organ, active: user.active, units: user.units },
				{ name: input.name, role: input.role, organ: input.organ ?? null, active: input.active, units: [...new Set(input.units)].sort() }
			)
		);
	});
}

const PasswordInput = z.object({ password: z.string().min(8, 'At least 8 characters.').max(200) });

/** Sets a new password and ends the person's sessions; the audit row never holds the password. */
export async function resetPassword(deps: Deps, actor: Actor, username: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(PasswordInput, raw);
	const passwordHash = await hashPassword(input.password);
	await deps.db.transaction().execute(async (trx) => {
		const userId = await setPassword(trx, username, passwordHash);
		if (!userId) throw new VezError('user_not_found', 'No such user.');
		await audit(trx, actor, 'user.reset_password', 'user', userId, { username });
	});
}
