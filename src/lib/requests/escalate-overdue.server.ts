import type { Deps } from '$lib/server/deps';
import { CLOSED_STATUSES } from './protocol';
import { ombudsmanOrganId, organCodesById } from '$lib/organs/store.server';
import { recordProtocolEvent } from './store.server';
import { publishInbox } from './publish.server';

/**
 * The overdue job: an open protocol past its due date is flagged and, once, escalated to the
 * ouvidoria's inbox (Lei 13.460/2017 art. 13: the ouvidoria follows up on unanswered requests).
 * SKIP LOCKED lets several processes run it at once without waiting on each other's rows.
 */
export async function escalateOverdue(deps: Deps): Promise<{ escalated: number }> {
	const now = deps.now();
	const out = await deps.db.transaction().execute(async (trx) => {
		const ombudsman = await ombudsmanOrganId(trx);
		const due = await trx
			.selectFrom('protocols')
			.select(['id', 'number', 'status', 'organ_id', 'due_at'])
			.where('due_at', '<', now)
			.where('status', 'not in', [...CLOSED_STATUSES])
			.where('escalated_at', 'is', null)
			.orderBy('due_at')
			.limit(500)
			.forUpdate()
			.skipLocked()
			.execute();
		for (const p of due) {
			await trx.updateTable('protocols').set({ overdue: true, escalated_at: now, updated_at: now }).where('id', '=', p.id).execute();
			await recordProtocolEvent(trx, {
				protocolId: p.id,
				at: now,
				action: 'escalate',
				from: p.status,
				to: p.status,
				fromOrganId: p.organ_id,
				toOrganId: ombudsman,
				note: `Prazo vencido em ${new Date(p.due_at).toISOString()}: escalado para a Ouvidoria.`,
				public: false,
				author: 'system:overdue'
			});
		}
		// A reopened protocol past its new date is flagged again without a second escalation.
		await trx
			.updateTable('protocols')
			.set({ overdue: true })
			.where('due_at', '<', now)
			.where('status', 'not in', [...CLOSED_STATUSES])
			.where('overdue', '=', false)
			.execute();
		const codeOf = await organCodesById(trx);
		return due.map((p) => ({ number: p.number, status: p.status, organs: [codeOf.get(p.organ_id), ombudsman ? codeOf.get(ombudsman) : undefined] }));
	});
	for (const p of out) publishInbox(deps, p.organs.filter((c) => c !== undefined), { number: p.number, status: p.status });
	return { escalated: out.length };
}
