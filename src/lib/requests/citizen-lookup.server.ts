import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { CITIZEN_PRIVILEGES } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { auditPersonalRead } from '$lib/audit/audit.server';
import { parse } from '$lib/server/http/validate';
import { CpfSchema, maskCpf } from '$lib/citizens/cpf';
import type { ProtocolStatus } from './protocol';

export interface KnownCitizen {
	name: string;
	email: string | null;
	phone: string | null;
	/** How many earlier protocols carry this CPF. */
	protocols: number;
	/** The latest of them, so the desk or the phone centre can answer "how is my request?". */
	recent: { number: string; service: string; organ: string; status: ProtocolStatus; dueAt: string; createdAt: string }[];
}

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
		const rows = await trx
			.selectFrom('protocols as p')
			.innerJoin('services as s', 's.id', 'p.service_id')
			.innerJoin('organs as o', 'o.id', 'p.organ_id')
			.select(['p.number', 'p.status', 'p.due_at', 'p.created_at', 'p.citizen_name', 'p.citizen_email', 'p.citizen_phone', 's.name as service', 'o.acronym as organ'])
			.where('p.citizen_cpf', '=', cpf)
			.orderBy('p.created_at', 'desc')
			.orderBy('p.year', 'desc')
			.orderBy('p.seq', 'desc')
			.limit(50)
			.execute();
		await auditPersonalRead(trx, actor, { entity: 'citizen', entityId: maskCpf(cpf), cpf, via, action: 'citizen.lookup', details: { found: rows.length } });
		if (rows.length === 0) return null;
		// The latest name, and the latest e-mail and phone given (a later protocol may leave them blank).
		return {
			name: rows[0].citizen_name ?? '',
			email: rows.find((r) => r.citizen_email)?.citizen_email ?? null,
			phone: rows.find((r) => r.citizen_phone)?.citizen_phone ?? null,
			protocols: rows.length,
			recent: rows.slice(0, RECENT).map((r) => ({
				number: r.number,
				service: r.service,
				organ: r.organ,
				status: r.status,
				dueAt: new Date(r.due_at).toISOString(),
				createdAt: new Date(r.created_at).toISOString()
			}))
		};
	});
}
