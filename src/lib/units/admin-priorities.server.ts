import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit, changes } from '$lib/audit/audit.server';
import { conflictOnDuplicate, taken } from '$lib/server/db/conflict';
import type { Deps } from '$lib/server/deps';
import { parse, slug, text } from '$lib/server/http/validate';

/*
 * Priority groups of Lei 10.048/2000 (Lei 14.626/2023) and Lei 13.466/2017: the weight orders the
 * queue (80+ above the other legal groups, blood donors after them, `normal` is 0).
 */

export const PriorityInput = z.object({
	code: slug,
	name: text(120),
	weight: z.number().int().min(0).max(1000),
	requiresDocument: z.boolean(),
	legalBasis: z.string().trim().max(300),
	sort: z.number().int().min(0).max(1000),
	active: z.boolean()
});

export async function prioritiesForAdmin(deps: Deps, actor: Actor) {
	authorize(actor, 'admin');
	return deps.db.selectFrom('priority_groups').selectAll().orderBy('weight', 'desc').orderBy('sort').execute();
}

/** Creates a group (code null) or edits one; `normal` must keep weight 0. */
export async function savePriorityGroup(deps: Deps, actor: Actor, currentCode: string | null, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(PriorityInput, raw);
	if ((input.code === 'normal' || currentCode === 'normal') && (input.weight !== 0 || input.code !== 'normal')) {
		throw new VezError('invalid_input', 'The normal group keeps its code and weight 0.', { weight: 'normal_is_zero' });
	}
	const after = {
		code: input.code,
		name: input.name,
		weight: input.weight,
		requires_document: input.requiresDocument,
		legal_basis: input.legalBasis,
		sort: input.sort,
		active: input.active
	};
	await conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				const clash = await trx.selectFrom('priority_groups').select('code').where('code', '=', input.code).executeTakeFirst();
				if (clash && clash.code !== currentCode) throw taken('code', 'Another priority group already uses this code.');
				if (currentCode === null) {
					const row = await trx.insertInto('priority_groups').values(after).returning('id').executeTakeFirstOrThrow();
					await audit(trx, actor, 'priority.create', 'priority_group', row.id, { after });
					return;
				}
				const current = await trx.selectFrom('priority_groups').selectAll().where('code', '=', currentCode).executeTakeFirst();
				if (!current) throw new VezError('priority_not_found', 'No such priority group.');
				await trx.updateTable('priority_groups').set(after).where('id', '=', current.id).execute();
				const { id, ...before } = current;
				await audit(trx, actor, 'priority.update', 'priority_group', id, changes(before, after));
			}),
		{ priority_groups_code_key: 'code' }
	);
}
