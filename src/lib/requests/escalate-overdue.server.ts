import type { Deps } from '$lib/server/deps';
import { ombudsmanOrganId, organCodesById } from '$lib/organs/store.server';
import { flagOverdue, markEscalated, overdueToEscalate, recordProtocolEvent } from './store.server';
import { publishInbox } from './publish.server';

/**
 * The overdue job: an open protocol past its due date is flagged and, once, escalated to the
 * ouvidoria's inbox (Lei 13.460/2017 art. 13: the ouvidoria follows up on unanswered requests).
 * Several processes may run it at once: each skips the rows another holds.
 */
export async function escalateOverdue(deps: Deps): Promise<{ escalated: number }> {
	const now = deps.now();
	const out = await deps.db.transaction().execute(async (trx) => {
		const ombudsman = await ombudsmanOrganId(trx);
		const due = await overdueToEscalate(trx, now, 500);
		for (const p of due) {
			await markEscalated(trx, p.id, now);
			await recordProtocolEvent(trx, {
				protocolId: p.id,
				at: now,
				action: 'escalate',
				from: p.status,
				to: p.status,
				fromOrganId: p.organId,
				toOrganId: ombudsman,
				note: `Prazo vencido em ${p.dueAt.toISOString()}: escalado para a Ouvidoria.`,
				public: false,
				author: 'system:overdue'
			});
		}
		// A reopened protocol past its new date is flagged again without a second escalation.
		await flagOverdue(trx, now);
		const codeOf = await organCodesById(trx);
		return due.map((p) => ({ number: p.number, status: p.status, organs: [codeOf.get(p.organId), ombudsman ? codeOf.get(ombudsman) : undefined] }));
	});
	for (const p of out) publishInbox(deps, p.organs.filter((c) => c !== undefined), { number: p.number, status: p.status });
	return { escalated: out.length };
}
