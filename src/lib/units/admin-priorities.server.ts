import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit, changes } from '$lib/audit/audit.server';
import { conflictOnDuplicate, taken } from '$lib/server/db/conflict';
import type { Deps } from '$lib/server/deps';
import { parse, slug, text } from '$lib/server/http/validate';
import { allPriorityGroups, insertPriorityGroup, priorityCodeTaken, priorityGroupForUpdate, updatePriorityGroup, type PriorityGroupWrite } from './store.server';

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
	return allPriorityGroups(deps.db);
}

/** Creates a group (code null) or edits one; `normal` must keep weight 0. */
export async function savePriorityGroup(deps: Deps, actor: Actor, currentCode: string | null, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(PriorityInput, raw);
	if ((input.code === 'normal' || currentCode === 'normal') && (input.weight !== 0 || input.code !== 'normal')) {
		throw new VezError('invalid_input', 'The normal group keeps its code and weight 0.', { weight: 'normal_is_zero' });
	}
	const after: PriorityGroupWrite = {
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
				if (input.code !== currentCode && (await priorityCodeTaken(trx, input.code))) throw taken('code', 'Another priority group already uses this code.');
				if (currentCode === null) {
					const id = await insertPriorityGroup(trx, after);
					await audit(trx, actor, 'priority.create', 'priority_group', id, { after });
					return;
				}
				const current = await priorityGroupForUpdate(trx, currentCode);
				if (!current) throw new VezError('priority_not_found', 'No such priority group.');
				await updatePriorityGroup(trx, current.id, after);
				const { id, ...before } = current;
				await audit(trx, actor, 'priority.update', 'priority_group', id, changes(before, after));
			}),
		{ priority_groups_code_key: 'code' }
	);
}
