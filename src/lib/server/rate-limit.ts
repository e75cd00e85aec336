import { VezError } from '$lib/errors';
import type { Db } from './db/database';

/*
 * Limits on public actions (e.g. bookings per IP), counted in the database so they hold across
 * server processes, like the sign-in failures of src/lib/auth/login.server.ts. Each action is
 * recorded first and then counted with the others of its key inside the window: two processes
 * racing at the edge may both refuse, never both let one more through. Refused attempts count
 * too, so hammering keeps a key blocked until it slows down.
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

/** Counts one action of `key`; throws `rate_limited` (429) when it goes over the limit. */
export async function consumeRateLimit(db: Db, limit: RateLimit, key: string, now: Date): Promise<void> {
	if (limit.max <= 0) return;
	const since = new Date(now.getTime() - limit.windowMs);
	// Old events of the scope go first: the table only ever holds one window.
	await db.deleteFrom('rate_limit_events').where('scope', '=', limit.scope).where('at', '<=', since).execute();
	await db.insertInto('rate_limit_events').values({ scope: limit.scope, key, at: now }).execute();
	const { n } = await db
		.selectFrom('rate_limit_events')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('scope', '=', limit.scope)
		.where('key', '=', key)
		.where('at', '>', since)
		.executeTakeFirstOrThrow();
	if (Number(n) > limit.max) {
		throw new VezError('rate_limited', limit.message, { retryAfterMinutes: String(Math.ceil(limit.windowMs / 60_000)) });
	}
}
