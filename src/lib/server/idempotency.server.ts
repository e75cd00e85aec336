import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import type { Db } from './db/database';
import type { Database } from './db/schema';
import type { Deps } from './deps';

/*
 * Idempotency keys (docs/api.md#idempotency): the same key from the same caller within 24 h answers
 * the first answer again with no second effect. The key's row is claimed at the start of the
 * action's own transaction and gets the answer before it commits, so the effect and its answer
 * are one unit: on PostgreSQL a second request with the key waits on the first one's row and then
 * replays its answer; a failed action leaves neither effect nor key, so a retry runs anew. Only
 * successful answers are kept; errors are not effects.
 */

export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

/**
 * An `Idempotency-Key`: 1–100 visible ASCII characters (docs/api.md#idempotency). The OpenAPI
 * document's header schema is generated from this one, so the documented key is the accepted one.
 */
export const IdempotencyKeySyntax = z.string().min(1).max(100).regex(/^[\x21-\x7e]+$/);

/** A request's key with the caller it belongs to: keys of different callers never meet. */
export interface IdempotencyKey {
	readonly caller: string;
	readonly key: string;
}

/** Who a key belongs to: the signed-in person, the device or integration token, or the address of an anonymous caller. */
export function keyCaller(actor: Actor, address: string): string {
	if (actor.kind === 'user') return `user:${actor.id}`;
	if (actor.kind === 'device') return `token:${actor.id}`;
	return `address:${address}`;
}

/** Reads an `Idempotency-Key` header or form field: absent is no key, malformed is a 400. */
export function idempotencyKey(value: string | null | undefined, actor: Actor, address: string): IdempotencyKey | null {
	if (value === null || value === undefined || value === '') return null;
	if (!IdempotencyKeySyntax.safeParse(value).success) {
		throw new VezError('invalid_input', 'The Idempotency-Key must be 1 to 100 visible ASCII characters.', { idempotencyKey: 'invalid' });
	}
	return { caller: keyCaller(actor, address), key: value };
}

/** A keyed request: the key, which action (and where) it asks for, and its body. */
export interface KeyedRequest {
	readonly key: IdempotencyKey;
	/** The endpoint and its path parameters, e.g. `ticket:centro`: a key reused on another endpoint is a different body. */
	readonly scope: string;
	readonly body: unknown;
}

/**
 * Runs the action's transaction. With a key, the key's row is claimed first inside it and the
 * answer (`answerOf` of what the work returns) is stored before commit.
 */
export type KeyedTransaction<T> = <R>(db: Db, work: (trx: Transaction<Database>) => Promise<R>, answerOf: (result: R) => T) => Promise<R>;

/** Another request with this key committed first: this one rolls back and replays that answer. */
class KeyTaken extends Error {}

/**
 * Runs `action` once per key: a stored answer is replayed (or refused with 422 when the body
 * differs) without running it; otherwise `action` runs, using the given transaction for its effect.
 */
export async function once<T>(deps: Deps, request: KeyedRequest | null, action: (transaction: KeyedTransaction<T>) => Promise<T>): Promise<T> {
	if (!request) return action((db, work) => db.transaction().execute(work));
	const secrets = secretsOf(request);
	const stored = await storedAnswer<T>(deps, secrets);
	if (stored !== undefined) return stored;
	try {
		return await action((db, work, answerOf) =>
			db.transaction().execute(async (trx) => {
				await claim(trx, secrets, deps.now());
				const result = await work(trx);
				await trx.updateTable('idempotency_keys').set({ answer: seal(secrets.cipherKey, answerOf(result)) }).where('id', '=', secrets.id).execute();
				return result;
			})
		);
	} catch (e) {
		if (!(e instanceof KeyTaken)) throw e;
		const answer = await storedAnswer<T>(deps, secrets);
		// Claimed and rolled back between our claim and this read: rare; the caller may retry.
		if (answer === undefined) throw new VezError('conflict', 'Another request with this Idempotency-Key is in progress; try again.');
		return answer;
	}
}

interface KeySecrets {
	id: string;
	cipherKey: Buffer;
	fingerprint: string;
}

function secretsOf(request: KeyedRequest): KeySecrets {
	const { caller, key } = request.key;
	const derive = (purpose: string) => createHash('sha256').update(`vez-idempotency\0${purpose}\0${caller}\0${key}`).digest();
	const cipherKey = derive('answer');
	return {
		id: derive('id').toString('hex'),
		cipherKey,
		// Keyed by the caller's secret so the stored fingerprint reveals nothing of the body (a CPF).
		fingerprint: createHmac('sha256', cipherKey).update(`${request.scope}\n${canonicalJson(request.body)}`).digest('base64url')
	};
}

/** The answer under this key within the window; 422 when the key came with another body. */
async function storedAnswer<T>(deps: Deps, secrets: KeySecrets): Promise<T | undefined> {
	const row = await deps.db
		.selectFrom('idempotency_keys')
		.select(['fingerprint', 'answer'])
		.where('id', '=', secrets.id)
		.where('created_at', '>', windowStart(deps.now()))
		.executeTakeFirst();
	if (!row || row.answer === null) return undefined;
	if (row.fingerprint !== secrets.fingerprint) {
		throw new VezError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request.', { idempotencyKey: 'reused' });
	}
	return open(secrets.cipherKey, row.answer) as T;
}

/**
 * Takes the key inside the action's transaction. A live row of another transaction makes
 * PostgreSQL wait for it; once it commits nothing is returned and this action gives way. An
 * expired row not yet cleaned up is taken over.
 */
async function claim(trx: Transaction<Database>, secrets: KeySecrets, now: Date): Promise<void> {
	const taken = await trx
		.insertInto('idempotency_keys')
		.values({ id: secrets.id, fingerprint: secrets.fingerprint, answer: null, created_at: now })
		.onConflict((oc) =>
			oc
				.column('id')
				.doUpdateSet({ fingerprint: secrets.fingerprint, answer: null, created_at: now })
				.where('idempotency_keys.created_at', '<=', windowStart(now))
		)
		.returning('id')
		.executeTakeFirst();
	if (!taken) throw new KeyTaken();
}

const windowStart = (now: Date) => new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);

/** Forgets keys older than the window (an hourly job; safe on several processes). */
export async function deleteExpiredIdempotencyKeys(deps: Deps): Promise<number> {
	const out = await deps.db.deleteFrom('idempotency_keys').where('created_at', '<=', windowStart(deps.now())).executeTakeFirst();
	return Number(out.numDeletedRows);
}

/** JSON with object keys sorted, so the same body written in another key order is the same body. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

function seal(cipherKey: Buffer, answer: unknown): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', cipherKey, iv);
	const body = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function open(cipherKey: Buffer, sealed: string): unknown {
	const raw = Buffer.from(sealed, 'base64');
	const decipher = createDecipheriv('aes-256-gcm', cipherKey, raw.subarray(0, 12));
	decipher.setAuthTag(raw.subarray(12, 28));
	return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}
