import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new endpoint secret as Standard Webhooks writes it: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
	return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A delivery id, the `webhook-id` header: unique, and the same on every attempt of it. */
export function newDeliveryId(): string {
	return `msg_${randomBytes(16).toString('base64url')}`;
}

function keyOf(secret: string): Buffer {
	return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/**
 * The `webhook-signature` header of Standard Webhooks 1.0: `v1,` and the base64 HMAC-SHA256 of
 * `{id}.{timestamp}.{body}` keyed by the secret's bytes, one entry per secret separated by a
 * space — during a rotation both the new and the previous secret sign, so a receiver that still
 * knows only the old one keeps verifying.
 */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
	return secrets.map((s) => `v1,${createHmac('sha256', keyOf(s)).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ');
}

/** Whether one of the header's `v1` signatures is the secret's (the demo receiver's check). */
export function verifySignature(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
	const expected = Buffer.from(signatureHeader([secret], id, Number(timestamp), body).slice(3), 'base64');
	return header.split(' ').some((entry) => {
		const [version, value] = entry.split(',', 2);
		if (version !== 'v1' || !value) return false;
		const given = Buffer.from(value, 'base64');
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
}

/**
 * Endpoint secrets are kept sealed (AES-256-GCM) under a key from the environment, so a database
 * dump alone cannot sign a delivery. `v1.` names the scheme, so it can change later.
 */
export function seal(key: Buffer, plaintext: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

/** The plaintext of {@link seal}; throws when the key is not the one that sealed it. */
export function unseal(key: Buffer, sealed: string): string {
	const [version, iv, tag, data] = sealed.split('.');
	if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Not a sealed secret');
	const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
	decipher.setAuthTag(Buffer.from(tag, 'base64url'));
	return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** The sealing key: SHA-256 of VEZ_SECRET_KEY's text, with a label so the same text keys nothing else alike. */
export function sealingKey(secretKeyText: string): Buffer {
	return createHash('sha256').update(`vez:webhook-secrets:${secretKeyText}`).digest();
}
