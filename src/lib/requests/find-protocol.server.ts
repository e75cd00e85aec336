import { timingSafeEqual } from 'node:crypto';
import { VezError } from '$lib/errors';
import { can, type Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import { maskCpf, normalizeCpf } from '$lib/citizens/cpf';
import { formatProtocolNumber, parseProtocolNumber } from './protocol-number';
import { MAX_REOPENINGS, nextStatuses, type ProtocolKind, type ProtocolStatus } from './protocol';
import { auditPersonalRead } from '$lib/audit/audit.server';
import { factsOf, protocolByNumber, protocolEvents, type StoredProtocol } from './store.server';
import { mayRead, protocolAccess, readsNothing, type ProtocolAccess } from './protocol-access.server';
import { throttledGuess } from '$lib/server/rate-limit';
import { PROTOCOL_LOOKUP_PER_ADDRESS, PROTOCOL_LOOKUP_PER_PROTOCOL } from '$lib/server/throttles';
import type { ProtocolView } from './views';

/** Compares a typed secret (CPF, access code) in constant time. */
export const sameSecret = (a: string, b: string) => {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
};

/** A typed number to its canonical spelling, or null when it cannot be one. */
export function canonicalNumber(input: string): string | null {
	const parsed = parseProtocolNumber(input);
	return parsed ? formatProtocolNumber(parsed.year, parsed.seq) : null;
}

/**
 * The statuses this reader may choose next, for the status form: the organ holding it moves it
 * along the workflow; a concluded one is offered for reopening only to the ouvidoria (or an
 * admin) while it was not reopened yet.
 */
export function allowedNext(actor: Actor, access: ProtocolAccess, p: Pick<StoredProtocol, 'status' | 'reopenedCount' | 'organ'>): readonly ProtocolStatus[] {
	if (p.status === 'concluido') {
		const ombudsman = (actor.kind === 'user' && actor.role === 'admin') || access.reader === 'ombudsman';
		return ombudsman && p.reopenedCount < MAX_REOPENINGS ? ['aberto'] : [];
	}
	return can(actor, 'protocol:update', { organId: p.organ.id }) ? nextStatuses(p.status) : [];
}

/**
 * A protocol as its reader sees it: `next` is given for readers of the whole record (see
 * allowedNext); null gives the citizen's view (public notes, masked CPF); `identity: false` also
 * leaves out the masked CPF, for integrations without `protocols:read:personal`.
 */
export async function protocolView(deps: Deps, p: StoredProtocol, next: readonly ProtocolStatus[] | null, identity = true): Promise<ProtocolView> {
	const asStaff = next !== null;
	return {
		number: p.number,
		kind: p.kind,
		status: p.status,
		service: { code: p.service.code, name: p.service.name },
		organ: { code: p.organ.code, name: p.organ.name, acronym: p.organ.acronym },
		description: p.description,
		address: p.address,
		dueAt: p.dueAt.toISOString(),
		overdue: p.overdue,
		escalated: p.escalatedAt !== null,
		createdAt: p.createdAt.toISOString(),
		updatedAt: p.updatedAt.toISOString(),
		anonymous: p.anonymous,
		citizen: { cpf: p.citizenCpf && identity ? maskCpf(p.citizenCpf) : null },
		history: (await protocolEvents(deps.db, p.id, !asStaff)).map((e) => (asStaff ? e : { ...e, author: '', authorName: null })),
		...(asStaff
			? {
					staff: {
						team: p.team,
						region: p.region,
						routeReason: p.routeReason,
						channel: p.channel,
						citizenName: p.citizenName,
						citizenEmail: p.citizenEmail,
						citizenPhone: p.citizenPhone,
						reopenedCount: p.reopenedCount,
						openedBy: p.openedBy,
						next: next ?? []
					}
				}
			: {})
	};
}

/** Where a read happens, for the audit trail: the screen's or endpoint's route; `personal: false` asks for no identity (Open311). */
export interface ReadContext {
	via: string;
	personal?: boolean;
}

/**
 * Runs a citizen's check of a protocol number with a CPF or access code under the look-up
 * throttles: wrong guesses are limited per address and per protocol (src/lib/server/throttles.ts).
 */
export function throttledProtocolLookup<T>(deps: Deps, rawNumber: string, address: string, check: () => Promise<T>): Promise<T> {
	const protocolKey = canonicalNumber(rawNumber) ?? rawNumber.trim().slice(0, 40);
	return throttledGuess(
		deps.db,
		deps.now(),
		[
			[PROTOCOL_LOOKUP_PER_ADDRESS, address],
			[PROTOCOL_LOOKUP_PER_PROTOCOL, protocolKey]
		],
		check
	);
}

/**
 * A protocol for the citizen (with the CPF or the access code: public notes only, throttled per
 * address and per protocol) or for a reader the privilege table lets read it
 * (src/lib/auth/authorize.ts). An unknown number, a wrong secret and a protocol out of reach get
 * the same answer, so nobody learns which numbers exist (docs/api.md#protocols). Every read that shows who
 * the citizen is goes into the audit trail.
 */
export async function findProtocol(
	deps: Deps,
	actor: Actor,
	rawNumber: string,
	secret: { cpf?: string | null; code?: string | null; address?: string } = {},
	context: ReadContext = { via: 'api' }
): Promise<ProtocolView> {
	const notFound = () => new VezError('protocol_not_found', 'No protocol with this number and CPF or access code.');
	const number = canonicalNumber(rawNumber);
	const cpf = secret.cpf ? normalizeCpf(secret.cpf) : '';
	const code = secret.code ? secret.code.trim().toUpperCase() : '';
	if (cpf || code) {
		return throttledProtocolLookup(deps, rawNumber, secret.address ?? 'unknown', async () => {
			const p = number ? await protocolByNumber(deps.db, number) : null;
			if (!p) throw notFound();
			const ok = (cpf && p.citizenCpf !== null && sameSecret(cpf, p.citizenCpf)) || (code && sameSecret(code, p.accessCode));
			if (!ok) throw notFound();
			return protocolView(deps, p, null);
		});
	}
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Give the CPF or the access code, or sign in.');
	const access = await protocolAccess(deps.db, actor);
	if (readsNothing(access)) throw new VezError('forbidden', 'You cannot read protocols.');
	const p = number ? await protocolByNumber(deps.db, number) : null;
	if (!p || !mayRead(access, factsOf(p))) throw notFound();
	if (!access.personal || context.personal === false) return protocolView(deps, p, null, false);
	await auditPersonalRead(deps.db, actor, { entity: 'protocol', entityId: p.number, cpf: p.citizenCpf, via: context.via });
	return protocolView(deps, p, allowedNext(actor, access, p));
}

/**
 * The citizen's lookup form (`/protocol`): the number with the CPF or the access code. Neither
 * given is a form mistake, answered before any lookup (and before the throttle counts a guess).
 */
export async function findOwnProtocol(deps: Deps, actor: Actor, typed: { number: string; cpf: string; code: string }, address: string): Promise<ProtocolView> {
	const cpf = typed.cpf.trim();
	const code = typed.code.trim();
	if (!cpf && !code) throw new VezError('invalid_input', 'Give the CPF or the access code.', { cpf: 'required' });
	return findProtocol(deps, actor, typed.number, { cpf, code, address });
}
