import { sql } from 'kysely';
import { VezError } from '$lib/errors';
import type { Db } from './db/database';

/*
 * Limits on public actions (e.g. bookings per IP) and on guesses at keys (a CPF, an access
 * code, a booking code), counted in the database so they hold across server processes. Each
 * action is recorded first and then counted with the others of its key inside the window: two
 * processes racing at the edge may both refuse, never both let one more through, and a burst of
 * parallel guesses is counted in full. Refused attempts count too, so hammering keeps a key
 * blocked until it slows down.
 */

export interface RateLimit {
	/** What is limited, e.g. `booking`. */
	readonly scope: string;
	/** Actions allowed per key inside the window; 0 turns the limit off. */
	readonly max: number;
	readonly windowMs: number;
	/** The 429's message. */
	readonly message: string;
}

/** Counts one action of `key` and returns its id; throws `rate_limited` (429, with when to retry) when it goes over the limit. */
export async function consumeRateLimit(db: Db, limit: RateLimit, key: string, now: Date): Promise<string | null> {
	if (limit.max <= 0) return null;
	const id = await recordRateLimitEvent(db, limit, key, now);
	const { n } = await db.selectNoFrom(rateLimitCount(limit, key, now).as('n')).executeTakeFirstOrThrow();
	await refuseOverLimit(db, limit, key, now, n);
	return id;
}

/**
 * Records one action of `key`, committed at once (outside any transaction): the first half of
 * {@link consumeRateLimit}, for a hot path that reads {@link rateLimitCount} in a later statement
 * of its own work and saves the round trip of the count.
 */
export async function recordRateLimitEvent(db: Db, limit: RateLimit, key: string, now: Date): Promise<string> {
	const since = new Date(now.getTime() - limit.windowMs);
	// Old events of the scope go (the table only ever holds one window) in the statement that
	// records this one. The count is a later statement, so of two processes racing at the edge the
	// later count sees both events.
	const { rows } = await sql<{ id: string }>`
		with gone as (delete from rate_limit_events where scope = ${limit.scope} and at <= ${since})
		insert into rate_limit_events (scope, key, at) values (${limit.scope}, ${key}, ${now}) returning id`.execute(db);
	return rows[0].id;
}

/** The actions of `key` inside the window ending `now`, as an expression: read in a statement after {@link recordRateLimitEvent}'s. */
export function rateLimitCount(limit: RateLimit, key: string, now: Date) {
	const since = new Date(now.getTime() - limit.windowMs);
	return sql<number>`(select count(*)::int from rate_limit_events where scope = ${limit.scope} and key = ${key} and at > ${since})`;
}

/** Throws `rate_limited` (429, with when to retry) when `count` actions of `key` are over the limit. */
export async function refuseOverLimit(db: Db, limit: RateLimit, key: string, now: Date, count: number): Promise<void> {
	if (Number(count) > limit.max) throw await rateLimited(db, limit, key, now, count);
}

/** The `rate_limited` error (429, with when to retry) for `count` actions of `key`, more than the limit allows. */
export async function rateLimited(db: Db, limit: RateLimit, key: string, now: Date, count: number): Promise<VezError> {
	const over = Number(count) - limit.max;
	// The next attempt passes once `over` of the oldest events have left the window.
	const since = new Date(now.getTime() - limit.windowMs);
	const freed = await db
		.selectFrom('rate_limit_events')
		.select('at')
		.where('scope', '=', limit.scope)
		.where('key', '=', key)
		.where('at', '>', since)
		.orderBy('at')
		.offset(over - 1)
		.limit(1)
		.executeTakeFirst();
	const waitMs = freed ? freed.at.getTime() + limit.windowMs - now.getTime() : limit.windowMs;
	return VezError.rateLimited(limit.message, waitMs / 1000);
}

/** Forgets counted actions: a guess that turned out right does not count against its key. */
export async function forgiveRateLimit(db: Db, ids: readonly (string | null)[]): Promise<void> {
	const counted = ids.filter((id): id is string => id !== null);
	if (counted.length) await db.deleteFrom('rate_limit_events').where('id', 'in', counted).execute();
}

/**
 * Checks a guessable key (a CPF, an access code, a booking code or manage token) under limits:
 * the attempt is counted under every `[limit, key]` before `check` runs and forgiven when
 * `check` succeeds, so only wrong guesses add up and a citizen who looks often is never held.
 */
export async function throttledGuess<T>(db: Db, now: Date, keys: readonly (readonly [RateLimit, string])[], check: () => Promise<T>): Promise<T> {
	const ids: (string | null)[] = [];
	for (const [limit, key] of keys) ids.push(await consumeRateLimit(db, limit, key, now));
	const result = await check();
	await forgiveRateLimit(db, ids);
	return result;
}
