import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/validate';
import type { Actor } from './actor';
import { userActor } from './store.server';
import { dummyPasswordHash, newSecret, sha256, verifyPassword } from './secrets.server';

const LoginInput = z.object({
	username: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(200)
});

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_IP = 30;

export interface LoginResult {
	actor: Extract<Actor, { kind: 'user' }>;
	sessionSecret: string;
	expiresAt: Date;
}

/** Signs a person in; failures are counted in the database so the limit holds across processes. */
export async function login(deps: Deps, raw: unknown, ip: string): Promise<LoginResult> {
	const input = parse(LoginInput, raw);
	const username = input.username.toLowerCase();
	const now = deps.now();
	const since = new Date(now.getTime() - WINDOW_MS);
	const failures = await deps.db
		.selectFrom('login_failures')
		.select((eb) => [
			eb.fn.countAll<number>().filterWhere('username', '=', username).as('byUser'),
			eb.fn.countAll<number>().filterWhere('ip', '=', ip).as('byIp')
		])
		.where('at', '>', since)
		.where((eb) => eb.or([eb('username', '=', username), eb('ip', '=', ip)]))
		.executeTakeFirstOrThrow();
	if (Number(failures.byUser) >= MAX_FAILURES_PER_USER || Number(failures.byIp) >= MAX_FAILURES_PER_IP) {
		throw new VezError('rate_limited', 'Too many failed attempts. Wait a few minutes and try again.');
	}

	const user = await deps.db
		.selectFrom('users')
		.select(['id', 'username', 'name', 'role', 'organ_id', 'password_hash'])
		.where('username', '=', username)
		.where('active', '=', true)
		.executeTakeFirst();
	// Verify even for an unknown user so the answer takes the same time either way.
	const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
	if (!user || !ok) {
		await deps.db.insertInto('login_failures').values({ username, ip, at: now }).execute();
		throw new VezError('invalid_credentials', 'Wrong username or password.');
	}

	const sessionSecret = newSecret();
	const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3600_000);
	await deps.db.transaction().execute(async (trx) => {
		await trx.insertInto('sessions').values({ id: sha256(sessionSecret), user_id: user.id, expires_at: expiresAt }).execute();
		await trx.deleteFrom('login_failures').where('username', '=', username).execute();
		await trx.deleteFrom('sessions').where('expires_at', '<', now).execute();
	});
	const actor = await userActor(deps.db, user);
	return { actor: actor as LoginResult['actor'], sessionSecret, expiresAt };
}

export async function logout(deps: Deps, sessionSecret: string): Promise<void> {
	await deps.db.deleteFrom('sessions').where('id', '=', sha256(sessionSecret)).execute();
}
