import { z } from 'zod';
import { ownCheck } from '$lib/i18n/field-problem';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { parse, slug, text } from '$lib/server/http/validate';
import { audit } from '$lib/audit/audit.server';
import { DEFAULT_INTEGRATION_SCOPES, TOKEN_KINDS, TOKEN_SCOPES, type Actor, type TokenKind, type TokenScope } from './actor';
import { insertToken, revokeTokenRow, tokenRows, tokenScopes } from './store.server';
import { unitIdsBySlug } from '$lib/units/store.server';
import { authorize } from './authorize';
import { newSecret } from './secrets.server';
import type { TokenView } from './views';


export const NewTokenInput = z
	.object({
		kind: z.enum(TOKEN_KINDS as [TokenKind, ...TokenKind[]]),
		unit: slug.optional(),
		name: text(120),
		/** Integration tokens only; absent means DEFAULT_INTEGRATION_SCOPES. */
		scopes: z.array(z.enum(TOKEN_SCOPES)).max(TOKEN_SCOPES.length).optional()
	})
	.refine((t) => t.kind === 'integration' || t.unit !== undefined, ownCheck('unit_required', 'Kiosk and panel tokens belong to a unit.', ['unit']))
	.refine((t) => t.kind === 'integration' || !t.scopes?.length, ownCheck('scopes_integration_only', 'Only integration tokens carry scopes.', ['scopes']))
	.refine((t) => t.kind !== 'integration' || t.scopes === undefined || t.scopes.length > 0, ownCheck('scopes_required', 'Choose at least one scope.', ['scopes']))
	.refine(
		(t) => !t.scopes?.includes('protocols:read:personal') || t.scopes.some((s) => s === 'protocols:read:own' || s === 'protocols:read:all'),
		ownCheck('personal_needs_read', 'Personal data comes with reading protocols: add protocols:read:own or protocols:read:all.', ['scopes'])
	);

/** Issues a device or integration token; the secret is returned here once and stored only hashed. */
export async function createToken(deps: Deps, actor: Actor, raw: unknown, secret = newSecret()) {
	authorize(actor, 'admin');
	const input = parse(NewTokenInput, raw);
	const scopes: readonly TokenScope[] = input.kind === 'integration' ? [...new Set(input.scopes ?? DEFAULT_INTEGRATION_SCOPES)] : [];
	return deps.db.transaction().execute(async (trx) => {
		const unitId = input.unit ? ((await unitIdsBySlug(trx, [input.unit])).get(input.unit) ?? null) : null;
		if (input.unit && !unitId) throw new VezError('unit_not_found', `Unit ${input.unit} does not exist.`, { unit: 'unknown' });
		const id = await insertToken(trx, { name: input.name, kind: input.kind, unit_id: unitId, secret, created_by: actor.kind === 'user' ? actor.id : null, scopes });
		await audit(trx, actor, 'token.create', 'api_token', id, { kind: input.kind, unit: input.unit ?? null, scopes });
		return { id, token: secret, kind: input.kind, unit: input.unit ?? null, name: input.name, scopes };
	});
}

export async function listTokens(deps: Deps, actor: Actor): Promise<TokenView[]> {
	authorize(actor, 'admin');
	const rows = await tokenRows(deps.db);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		kind: r.kind,
		unit: r.unit,
		scopes: tokenScopes(r.scopes),
		createdAt: r.created_at.toISOString(),
		lastUsedAt: r.last_used_at?.toISOString() ?? null,
		revoked: r.revoked_at !== null
	}));
}

const TokenId = z.uuid();

export async function revokeToken(deps: Deps, actor: Actor, rawId: unknown): Promise<void> {
	authorize(actor, 'admin');
	const id = parse(TokenId, rawId);
	await deps.db.transaction().execute(async (trx) => {
		if (!(await revokeTokenRow(trx, id, deps.now()))) throw new VezError('token_not_found', 'No active token with this id.');
		await audit(trx, actor, 'token.revoke', 'api_token', id);
	});
}
