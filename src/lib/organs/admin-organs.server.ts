import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit, changes } from '$lib/audit/audit.server';
import { conflictOnDuplicate, taken } from '$lib/server/db/conflict';
import type { Deps } from '$lib/server/deps';
import { parse, slug, text } from '$lib/server/http/validate';
import { insertOrgan, organForUpdate, organChoices, organIdByCode, updateOrgan } from './store.server';

export const OrganInput = z.object({
	code: slug,
	name: text(160),
	acronym: text(20),
	ombudsman: z.boolean()
});

export async function listOrgans(deps: Deps, actor: Actor) {
	authorize(actor, 'admin');
	return organChoices(deps.db);
}

/** Creates an organ (code null) or edits one; the code names its inbox and Open311 agency. Audited with what it was. */
export async function saveOrgan(deps: Deps, actor: Actor, currentCode: string | null, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(OrganInput, raw);
	const after = { code: input.code, name: input.name, acronym: input.acronym, is_ombudsman: input.ombudsman };
	await conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				if (input.code !== currentCode && (await organIdByCode(trx, input.code))) throw taken('code', 'Another organ already uses this code.');
				if (currentCode === null) {
					const id = await insertOrgan(trx, after);
					await audit(trx, actor, 'organ.create', 'organ', id, { after });
					return;
				}
				const current = await organForUpdate(trx, currentCode);
				if (!current) throw new VezError('organ_not_found', 'No such organ.');
				await updateOrgan(trx, current.id, after);
				const { id, ...before } = current;
				await audit(trx, actor, 'organ.update', 'organ', id, changes(before, after));
			}),
		{ organs_code_key: 'code' }
	);
}
