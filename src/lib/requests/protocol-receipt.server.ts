import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit, citizenRef } from '$lib/audit/audit.server';
import { personMay, situationsOf } from '$lib/auth/authorize';
import { parse } from '$lib/server/http/validate';
import { maskCpf } from '$lib/citizens/cpf';
import { enqueueMail } from '$lib/mail/outbox.server';
import { enqueueReceiptPrint, requester, type EnqueuedPrint } from '$lib/printing/enqueue-print.server';
import type { ReceiptPayload } from '$lib/printing/print-jobs';
import { openedMail, protocolLinks } from './protocol-mail';
import { factsOf, protocolByNumber, setProtocolEmail, type StoredProtocol } from './store.server';
import { unitPlace } from '$lib/units/store.server';
import { protocolAccess } from './protocol-access.server';
import { canonicalNumber } from './find-protocol.server';

/**
 * The protocol and where it was opened, for staff the privilege table lets hand out its receipt
 * (those who open protocols, for the protocols they may read); any other answers as unknown.
 */
async function receiptSource(deps: Deps, actor: Actor, rawNumber: string) {
	authorize(actor, 'protocol:create');
	if (actor.kind !== 'user') throw new VezError('forbidden', 'Only staff hand out receipts.');
	const number = canonicalNumber(rawNumber);
	const p = number ? await protocolByNumber(deps.db, number) : null;
	const access = await protocolAccess(deps.db, actor);
	if (!p || !access.reader || !personMay(access.reader, situationsOf(actor, factsOf(p)), 'receipt')) {
		throw new VezError('protocol_not_found', 'No such protocol.');
	}
	const unit = p.unitId ? await unitPlace(deps.db, p.unitId) : null;
	return { user: actor, p, unit, zone: unit?.timezone || deps.config.cityZone };
}

function receiptPayload(p: StoredProtocol, unitName: string, zone: string, lookupUrl: string): ReceiptPayload {
	return {
		unitName,
		protocolNumber: p.number,
		serviceName: p.service.name,
		organName: p.organ.name,
		openedAt: p.createdAt.toISOString(),
		dueAt: p.dueAt.toISOString(),
		timezone: zone,
		maskedCpf: p.citizenCpf ? maskCpf(p.citizenCpf) : null,
		accessCode: p.accessCode,
		lookupUrl
	};
}

/**
 * "Imprimir comprovante": the receipt (number, access code, QR to /protocol) goes to the
 * printer of the unit where the protocol was opened, as a print job like a ticket reprint;
 * the clerk must work at that unit. A dead printer never fails this: the job waits.
 */
export async function printProtocolReceipt(deps: Deps, actor: Actor, rawNumber: string, origin: string): Promise<EnqueuedPrint> {
	const { user, p, unit, zone } = await receiptSource(deps, actor, rawNumber);
	if (!unit) throw new VezError('invalid_input', 'This protocol was not opened at a unit: send the receipt by e-mail.', { unit: 'none' });
	authorize(actor, 'ticket:manage', { unitId: unit.id });
	const { lookupUrl } = protocolLinks(deps.config.publicUrl ?? origin, p.number, p.accessCode);
	const now = deps.now();
	return deps.db.transaction().execute(async (trx) => {
		const print = await enqueueReceiptPrint(trx, {
			unitId: unit.id,
			payload: receiptPayload(p, unit.name, zone, lookupUrl),
			requestedBy: requester(user),
			at: now
		});
		await audit(trx, actor, 'protocol.receipt_print', 'protocol', p.number, { job: print.jobId, status: print.status });
		return print;
	});
}

const MailTo = z.union([z.literal(''), z.email().max(320)]).optional();

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * "Enviar por e-mail": the same receipt the citizen got on opening, through the outbox. It goes
 * to the protocol's own address; a new address typed at the desk (the citizen's, given there)
 * becomes the protocol's address first, so status e-mails follow it and the trail shows where
 * the access code went. An anonymous request keeps no address: its receipt is handed on paper.
 */
export async function mailProtocolReceipt(deps: Deps, actor: Actor, rawNumber: string, rawTo: unknown, origin: string): Promise<{ to: string; changed: boolean }> {
	const typed = parse(MailTo, rawTo);
	const { p, zone } = await receiptSource(deps, actor, rawNumber);
	const to = typed || p.citizenEmail;
	if (!to) throw new VezError('invalid_input', 'Give the e-mail to send the receipt to.', { email: 'required' });
	const changed = !p.citizenEmail || !sameAddress(to, p.citizenEmail);
	if (changed && p.anonymous) throw new VezError('invalid_input', 'An anonymous request keeps no e-mail address: print the receipt.', { email: 'anonymous' });
	if (changed && p.anonymisedAt) throw new VezError('invalid_input', 'This protocol was anonymised: it takes no address.', { email: 'anonymised' });
	const links = protocolLinks(deps.config.publicUrl ?? origin, p.number, p.accessCode);
	const mail = openedMail({
		number: p.number,
		serviceName: p.service.name,
		organName: p.organ.name,
		dueAt: p.dueAt,
		timezone: zone,
		accessCode: p.accessCode,
		...links,
		citizenName: p.citizenName ?? 'cidadão'
	});
	const citizen = p.citizenCpf ? await citizenRef(deps.db, p.citizenCpf) : null;
	await deps.db.transaction().execute(async (trx) => {
		if (changed) {
			await setProtocolEmail(trx, p.id, to, deps.now());
			await audit(trx, actor, 'protocol.email_change', 'protocol', p.number, { before: p.citizenEmail, after: to, ...(citizen ? { citizen } : {}) });
		}
		await enqueueMail(trx, { to, subject: `Comprovante — ${mail.subject}`, text: mail.text, kind: 'protocol_receipt', ref: p.number });
		await audit(trx, actor, 'protocol.receipt_mail', 'protocol', p.number, { to, ...(citizen ? { citizen } : {}) });
	});
	return { to, changed };
}
