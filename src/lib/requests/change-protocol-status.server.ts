import { requireOrganId } from '$lib/organs/store.server';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import { can, type Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { actorLabel } from '$lib/auth/actor-label';
import { parse, slug } from '$lib/server/http/validate';
import { enqueueMail } from '$lib/mail/outbox.server';
import { PROTOCOL_STATUSES, decideTransition } from './protocol';
import { protocolLinks, statusMail } from './protocol-mail';
import { publishInbox } from './publish.server';
import { protocolByNumber, recordProtocolEvent, updateProtocolStatus } from './store.server';
import { allowedNext, canonicalNumber, protocolView } from './find-protocol.server';
import type { ProtocolView } from './views';
import { protocolAccess } from './protocol-access.server';

export const ChangeStatusInput = z.object({
	status: z.enum(PROTOCOL_STATUSES),
	note: z.string().trim().max(4000).default(''),
	public: z.boolean().default(false),
	/** The organ it is forwarded to (its code), for 'encaminhado'. */
	organ: slug.optional()
});

/**
 * Moves a protocol along the workflow with a history row: the organ holding it changes its
 * status or forwards it to another organ's inbox; the ouvidoria reopens a concluded one once.
 * A public change writes the citizen's e-mail in the same transaction.
 */
export async function changeProtocolStatus(deps: Deps, actor: Actor, rawNumber: string, raw: unknown, origin: string): Promise<ProtocolView> {
	const input = parse(ChangeStatusInput, raw);
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in first.');
	const number = canonicalNumber(rawNumber);
	if (!number) throw new VezError('protocol_not_found', 'No such protocol.');
	const access = await protocolAccess(deps.db, actor);
	const now = deps.now();
	const base = deps.config.publicUrl ?? origin;

	const { before, after: updated } = await deps.db.transaction().execute(async (trx) => {
		const p = await protocolByNumber(trx, number, true);
		const byOmbudsman = (actor.kind === 'user' && actor.role === 'admin') || access.reader === 'ombudsman';
		const byCurrentOrgan = p !== null && can(actor, 'protocol:update', { organId: p.organ.id });
		if (!p || (!byCurrentOrgan && !byOmbudsman)) throw new VezError('protocol_not_found', 'No such protocol in your inbox.');

		let target: { id: string } | undefined;
		if (input.status === 'encaminhado' && input.organ) {
			target = { id: await requireOrganId(trx, input.organ) };
			if (target.id === p.organ.id) throw new VezError('invalid_input', 'It is already in this inbox.', { organ: 'same_organ' });
		}
		const decision = decideTransition({
			from: p.status,
			to: input.status,
			reopenedCount: p.reopenedCount,
			byCurrentOrgan,
			byOmbudsman,
			targetOrgan: target !== undefined,
			note: input.note !== ''
		});
		if (!decision.ok) {
			throw new VezError(decision.code, decision.reason, decision.field ? { [decision.field]: 'required' } : undefined);
		}

		const organId = target?.id ?? p.organ.id;
		await updateProtocolStatus(trx, p.id, {
			status: input.status,
			organId,
			at: now,
			...(target ? { forwardedBy: actorLabel(actor) } : {}),
			...(decision.action === 'reopen' ? { reopenedCount: p.reopenedCount + 1 } : {})
		});
		await recordProtocolEvent(trx, {
			protocolId: p.id,
			at: now,
			action: decision.action,
			from: p.status,
			to: input.status,
			fromOrganId: p.organ.id,
			toOrganId: organId,
			note: input.note,
			public: input.public,
			author: actorLabel(actor)
		});
		await audit(trx, actor, `protocol.${decision.action}`, 'protocol', p.number, {
			from: p.status,
			to: input.status,
			...(target ? { toOrgan: input.organ } : {}),
			public: input.public
		});
		if (input.public && p.citizenEmail) {
			const mail = statusMail({
				number: p.number,
				serviceName: p.service.name,
				status: input.status,
				note: input.note,
				...protocolLinks(base, p.number, p.accessCode)
			});
			await enqueueMail(trx, { to: p.citizenEmail, subject: mail.subject, text: mail.text, kind: 'protocol_status', ref: p.number });
		}
		return { before: p.organ.code, after: (await protocolByNumber(trx, number))! };
	});
	publishInbox(deps, [before, updated.organ.code], { number: updated.number, status: updated.status });
	return protocolView(deps, updated, allowedNext(actor, access, updated));
}
