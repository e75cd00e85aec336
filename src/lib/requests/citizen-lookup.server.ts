import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { CITIZEN_PRIVILEGES } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { auditPersonalRead } from '$lib/audit/audit.server';
import { parse } from '$lib/server/http/validate';
import { CpfSchema, maskCpf } from '$lib/citizens/cpf';
import type { ProtocolStatus } from './protocol';
import { protocolsOfCpf } from './store.server';
import type { KnownCitizen } from './views';

/** How many of the citizen's protocols a look-up shows. */
const RECENT = 20;

export const LookupInput = z.object({ cpf: CpfSchema });

/**
 * "Abrir protocolo" and the phone centre look the citizen up by CPF: the latest name and contact
 * to pre-fill the form, and their latest protocols. Only staff the privilege table allows (the
 * desk and the phone centre: clerks, agents, managers, admins) may ask; every look-up is audited
 * with the CPF masked and keyed (`via` names the screen or endpoint), since it reveals personal
 * data (LGPD art. 37).
 */
export async function lookupCitizen(deps: Deps, actor: Actor, raw: unknown, via = 'api'): Promise<KnownCitizen | null> {
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in first.');
	// Integrations open protocols too, but never read back who a CPF is.
	if (actor.kind !== 'user' || !CITIZEN_PRIVILEGES[actor.role].cpfLookup) throw new VezError('forbidden', 'Only the desk and the phone centre look citizens up.');
	const { cpf } = parse(LookupInput, raw);
	return deps.db.transaction().execute(async (trx) => {
		const rows = await protocolsOfCpf(trx, cpf, 50);
		await auditPersonalRead(trx, actor, { entity: 'citizen', entityId: maskCpf(cpf), cpf, via, action: 'citizen.lookup', details: { found: rows.length } });
		if (rows.length === 0) return null;
		// The latest name, and the latest e-mail and phone given (a later protocol may leave them blank).
		return {
			name: rows[0].citizenName ?? '',
			email: rows.find((r) => r.citizenEmail)?.citizenEmail ?? null,
			phone: rows.find((r) => r.citizenPhone)?.citizenPhone ?? null,
			protocols: rows.length,
			recent: rows.slice(0, RECENT).map((r) => ({
				number: r.number,
				service: r.service,
				organ: r.organ,
				status: r.status,
				dueAt: r.dueAt.toISOString(),
				createdAt: r.createdAt.toISOString()
			}))
		};
	});
}
