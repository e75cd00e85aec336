import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. `Algorithm` is an ambient const enum
// (unusable under verbatimModuleSyntax); 2 is its Argon2id member.
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** An unguessable secret (256 bits), URL-safe. */
export function newSecret(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as their SHA-256: a leaked table opens no session or device. */
export function sha256(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(newSecret());
	return dummyHash;
}
