import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_USER_AND_ADDRESS, LOGIN_WINDOW_MS } from '$lib/server/throttles';
import type { Actor } from './actor';
import { activeUserWithPassword, endSession, loginFailuresSince, recordLoginFailure, startSession, userActor } from './store.server';
import { dummyPasswordHash, newSecret, verifyPassword } from './secrets.server';

export const LoginInput = z.object({
	username: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(200)
});

export interface LoginResult {
	actor: Extract<Actor, { kind: 'user' }>;
	sessionSecret: string;
	expiresAt: Date;
}

/**
 * Signs a person in; failures are counted in the database so the limit holds across processes.
 * The lock-out is per user *and* address: wrong passwords from one place lock that user out of
 * that place only, so nobody can lock a colleague out from anywhere by typing their username; and
 * an address that sprays many usernames is stopped for all of them, from there only.
 */
export async function login(deps: Deps, raw: unknown, ip: string): Promise<LoginResult> {
	const input = parse(LoginInput, raw);
	const username = input.username.toLowerCase();
	const now = deps.now();
	const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
	// Counted as a failure before the password is checked, and forgiven when it is right: a
	// burst of parallel guesses is counted in full instead of all passing an empty count.
	await recordLoginFailure(deps.db, username, ip, now);
	const failures = await loginFailuresSince(deps.db, username, ip, since);
	const lockedUntil = (first: Date | null) => (first ? new Date(first).getTime() + LOGIN_WINDOW_MS : now.getTime() + LOGIN_WINDOW_MS);
	const userLocked = Number(failures.byUser) > LOGIN_FAILURES_PER_USER_AND_ADDRESS;
	if (userLocked || Number(failures.byIp) > LOGIN_FAILURES_PER_ADDRESS) {
		const until = userLocked ? lockedUntil(failures.firstByUser) : lockedUntil(failures.firstByIp);
		throw VezError.rateLimited('Too many failed attempts. Wait a few minutes and try again.', (until - now.getTime()) / 1000);
	}

	const user = await activeUserWithPassword(deps.db, username);
	// Verify even for an unknown user so the answer takes the same time either way.
	const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
	if (!user || !ok) {
		throw new VezError('invalid_credentials', 'Wrong username or password.');
	}

	const sessionSecret = newSecret();
	const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3600_000);
	await startSession(deps.db, { sessionSecret, userId: user.id, expiresAt, username, ip, failuresBefore: since, now });
	const actor = await userActor(deps.db, user);
	return { actor: actor as LoginResult['actor'], sessionSecret, expiresAt };
}

export async function logout(deps: Deps, sessionSecret: string): Promise<void> {
	await endSession(deps.db, sessionSecret);
}
