import { VezError } from '$lib/errors';
import { can, type Action, type Actor, type Role, type Scope } from './actor';

/** Throws `unauthenticated` for nobody and `forbidden` for someone without the right. */
export function authorize(actor: Actor, action: Action, scope: Scope = {}): void {
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in or send a valid token.');
	if (!can(actor, action, scope)) throw new VezError('forbidden', 'You are not allowed to do this here.');
}

export function requireUser(actor: Actor): Extract<Actor, { kind: 'user' }> {
	if (actor.kind !== 'user') throw new VezError('unauthenticated', 'Sign in first.');
	return actor;
}

/*
 * Citizens' personal data (LGPD art. 6 III, necessity; Lei 13.460/2017 art. 6): each reader gets
 * the protocols their work needs, and nothing else. This table IS the rule: reads, lists and
 * receipts below are decided from it, docs/privileges.md prints it (a unit test keeps the two
 * equal) and tests/integration/api/privileges-http.test.ts is generated from that page.
 */

/** Who reads: a role, with the ouvidoria's staff apart (second instance, Lei 13.460/2017 art. 16). */
export type Reader = Role | 'ombudsman';
/** How a protocol stands to its reader. */
export type Situation = 'own_organ' | 'own_unit' | 'opened' | 'other';
export const SITUATIONS: readonly Situation[] = ['own_organ', 'own_unit', 'opened', 'other'];

export interface ProtocolPrivilege {
	/** The whole record (citizen's name, CPF, e-mail, phone, internal history); lists show the same protocols. */
	read: boolean;
	/** Status changes: the organ holding it; `reopen` only reopens a concluded one. */
	status: boolean | 'reopen';
	/** E-mail or print the receipt (with the access code), to the protocol's own address. */
	receipt: boolean;
}

const Y = (status: ProtocolPrivilege['status'], receipt: boolean): ProtocolPrivilege => ({ read: true, status, receipt });
const NONE: ProtocolPrivilege = { read: false, status: false, receipt: false };

/** Reader × situation; a situation a reader cannot be in (a clerk has no organ) is left out. */
export const PROTOCOL_PRIVILEGES: Record<Reader, Partial<Record<Situation, ProtocolPrivilege>>> = {
	admin: { other: Y(true, true) },
	manager: { own_unit: Y(false, true), opened: Y(false, true), other: NONE },
	clerk: { own_unit: Y(false, true), opened: Y(false, true), other: NONE },
	agent: { opened: Y(false, true), other: NONE },
	organ_staff: { own_organ: Y(true, false), other: NONE },
	ombudsman: { own_organ: Y(true, false), other: Y('reopen', false) }
};

/** What each reader may do beyond single protocols. */
export interface CitizenPrivilege {
	/** Find a citizen by CPF (their latest contact and protocols), audited: the desk and the phone centre. */
	cpfLookup: boolean;
	/** LGPD art. 18: the report of everything held about a CPF, and its anonymisation. */
	lgpd: boolean;
	/** The audit trail, reads of personal data included. */
	audit: boolean;
}

export const CITIZEN_PRIVILEGES: Record<Reader, CitizenPrivilege> = {
	admin: { cpfLookup: true, lgpd: true, audit: true },
	manager: { cpfLookup: true, lgpd: false, audit: false },
	clerk: { cpfLookup: true, lgpd: false, audit: false },
	agent: { cpfLookup: true, lgpd: false, audit: false },
	organ_staff: { cpfLookup: false, lgpd: false, audit: false },
	ombudsman: { cpfLookup: false, lgpd: false, audit: false }
};

/** The facts of a protocol the rule looks at. */
export interface ProtocolFacts {
	organId: string;
	unitId: string | null;
	openerId: string | null;
}

/** Who a person is for the table; `ombudsman` says whether their organ is the ouvidoria. */
export function readerOf(actor: Extract<Actor, { kind: 'user' }>, ombudsman: boolean): Reader {
	return actor.role === 'organ_staff' && ombudsman ? 'ombudsman' : actor.role;
}

/** The situations that hold between a person and a protocol (`other` always does). */
export function situationsOf(actor: Extract<Actor, { kind: 'user' }>, p: ProtocolFacts): Situation[] {
	const out: Situation[] = ['other'];
	if (actor.organId !== null && actor.organId === p.organId) out.push('own_organ');
	if (p.unitId !== null && actor.unitIds.includes(p.unitId)) out.push('own_unit');
	if (p.openerId !== null && p.openerId === actor.id) out.push('opened');
	return out;
}

/** Whether a table cell grants `what` in any situation that holds. */
export function personMay(reader: Reader, situations: readonly Situation[], what: 'read' | 'receipt'): boolean {
	return situations.some((s) => PROTOCOL_PRIVILEGES[reader][s]?.[what] === true);
}

/**
 * Which protocols a reader may read, as a filter lists apply in the database: every protocol,
 * or those of an organ's inbox, of some units or opened by someone (any of them).
 */
export type ProtocolReach = { all: true } | { all: false; organId?: string; unitIds?: readonly string[]; openerId?: string };

export function personReach(actor: Extract<Actor, { kind: 'user' }>, reader: Reader): ProtocolReach {
	const row = PROTOCOL_PRIVILEGES[reader];
	if (row.other?.read) return { all: true };
	return {
		all: false,
		...(row.own_organ?.read && actor.organId ? { organId: actor.organId } : {}),
		...(row.own_unit?.read ? { unitIds: actor.unitIds } : {}),
		...(row.opened?.read ? { openerId: actor.id } : {})
	};
}

/** An integration token's reach: every protocol, those it opened, or none — by its scopes. */
export function tokenReach(actor: Extract<Actor, { kind: 'device' }>): ProtocolReach {
	if (actor.tokenKind !== 'integration') return { all: false };
	if (actor.scopes.includes('protocols:read:all')) return { all: true };
	if (actor.scopes.includes('protocols:read:own') || actor.scopes.includes('open311')) return { all: false, openerId: actor.id };
	return { all: false };
}

/** Whether a protocol falls inside a reach (the same test the list filter makes in SQL). */
export function inReach(reach: ProtocolReach, p: ProtocolFacts): boolean {
	if (reach.all) return true;
	return (
		(reach.organId !== undefined && reach.organId === p.organId) ||
		(reach.unitIds !== undefined && p.unitId !== null && reach.unitIds.includes(p.unitId)) ||
		(reach.openerId !== undefined && reach.openerId === p.openerId)
	);
}

/** Whether what a reader sees of a protocol includes who the citizen is: staff always, tokens by scope. */
export function seesPersonalData(actor: Actor): boolean {
	if (actor.kind === 'user') return true;
	return actor.kind === 'device' && actor.scopes.includes('protocols:read:personal');
}
