import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/server/audit';
import { parse } from '$lib/server/validate';
import { CpfSchema, maskCpf } from '$lib/citizens/cpf';

export interface KnownCitizen {
	name: string;
	email: string | null;
	phone: string | null;
	/** How many earlier protocols carry this CPF. */
	protocols: number;
}

/**
 * "Abrir protocolo" looks the citizen up by CPF to pre-fill the form from their latest
 * protocol. Only signed-in staff who open protocols (clerks, agents, managers, admins) may ask;
 * every look-up is audited with the CPF masked, since it reveals personal data (LGPD art. 37).
 */
export async function lookupCitizen(deps: Deps, actor: Actor, rawCpf: unknown): Promise<KnownCitizen | null> {
	authorize(actor, 'protocol:create');
	// Integrations open protocols too, but never read back who a CPF is.
	if (actor.kind !== 'user') throw new VezError('forbidden', 'Only staff look citizens up.');
	const cpf = parse(CpfSchema, rawCpf);
	return deps.db.transaction().execute(async (trx) => {
		const rows = await trx
			.selectFrom('protocols')
			.select(['citizen_name', 'citizen_email', 'citizen_phone'])
			.where('citizen_cpf', '=', cpf)
			.orderBy('created_at', 'desc')
			.orderBy('year', 'desc')
			.orderBy('seq', 'desc')
			.limit(50)
			.execute();
		await audit(trx, actor, 'citizen.lookup', 'citizen', maskCpf(cpf), { found: rows.length > 0 });
		if (rows.length === 0) return null;
		// The latest name, and the latest e-mail and phone given (a later protocol may leave them blank).
		return {
			name: rows[0].citizen_name ?? '',
			email: rows.find((r) => r.citizen_email)?.citizen_email ?? null,
			phone: rows.find((r) => r.citizen_phone)?.citizen_phone ?? null,
			protocols: rows.length
		};
	});
}
