import { z } from 'zod';
import { isoTime } from '$lib/api/wire';
import { ROLES, TOKEN_KINDS, TOKEN_SCOPES } from './actor';

/** `GET /users`, `POST /users`: a person's account, never its password. */
export const UserView = z.object({
	id: z.string(),
	username: z.string(),
	name: z.string(),
	role: z.enum(ROLES),
	units: z.array(z.string()).meta({ description: 'Unit slugs' }),
	organ: z.string().nullable().meta({ description: 'Organ code' }),
	active: z.boolean()
});
export type UserView = z.infer<typeof UserView>;

/** `GET /tokens`: a device or integration token with its scope, never its secret. */
export const TokenView = z.object({
	id: z.string(),
	name: z.string(),
	kind: z.enum(TOKEN_KINDS),
	unit: z.string().nullable(),
	scopes: z.array(z.enum(TOKEN_SCOPES)),
	createdAt: isoTime,
	lastUsedAt: isoTime.nullable(),
	revoked: z.boolean()
});
export type TokenView = z.infer<typeof TokenView>;

/** `POST /tokens`: the secret, shown here only. */
export const CreatedToken = z.object({ id: z.string(), token: z.string() });

/** `GET /me` for a person (and `POST /auth/login`'s `user`): units and organ by their public codes. */
export const PersonMe = z.object({
	kind: z.literal('user'),
	id: z.string(),
	username: z.string(),
	name: z.string(),
	role: z.enum(ROLES),
	units: z.array(z.string()),
	organ: z.string().nullable()
});

/** `GET /me` for a device or integration token. */
export const TokenMe = z.object({ kind: z.literal('token'), id: z.string(), name: z.string(), tokenKind: z.enum(TOKEN_KINDS), unit: z.string().nullable() });

/** Who is calling: a person, a token, or nobody (never answered by `/me`, which asks to sign in). */
export const MeView = z.discriminatedUnion('kind', [PersonMe, TokenMe, z.object({ kind: z.literal('anonymous') })]);
export type MeView = z.infer<typeof MeView>;

/** `GET /me`: a signed-in person or a token. */
export const SignedInMe = z.discriminatedUnion('kind', [PersonMe, TokenMe]);

/** `POST /auth/login`: the person now signed in (the session is in the cookie). */
export const LoginAnswer = z.object({ user: PersonMe });
