export type Role = 'admin' | 'manager' | 'clerk' | 'agent' | 'organ_staff';
export type TokenKind = 'kiosk' | 'panel' | 'integration';
export const ROLES: readonly Role[] = ['admin', 'manager', 'clerk', 'agent', 'organ_staff'];
export const TOKEN_KINDS: readonly TokenKind[] = ['kiosk', 'panel', 'integration'];

/**
 * What an integration token may do, chosen when it is created (docs/privileges.md). Reading a
 * protocol never includes the citizen's identity or the internal history unless
 * `protocols:read:personal` is among them.
 */
export const TOKEN_SCOPES = ['protocols:create', 'protocols:read:own', 'protocols:read:all', 'protocols:read:personal', 'open311', 'queue:read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** What integration tokens made before scopes existed were given (migration 0015), and the API's default. */
export const DEFAULT_INTEGRATION_SCOPES: readonly TokenScope[] = ['protocols:create', 'protocols:read:own', 'open311'];

/** Who is acting: a signed-in person, a device or integration with a bearer token, or nobody. */
export type Actor =
	| { kind: 'anonymous' }
	| {
			kind: 'user';
			id: string;
			username: string;
			name: string;
			role: Role;
			unitIds: readonly string[];
			organId: string | null;
	  }
	| { kind: 'device'; id: string; name: string; tokenKind: TokenKind; unitId: string | null; scopes: readonly TokenScope[] };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** Where an action happens: the unit (or organ) it touches, when it touches one. */
export interface Scope {
	unitId?: string;
	organId?: string;
}

export type Action =
	| 'ticket:issue'
	| 'queue:read'
	| 'calls:read'
	| 'counter:operate'
	| 'ticket:manage'
	| 'unit:manage'
	| 'stats:read'
	| 'printer:manage'
	| 'protocol:create'
	| 'protocol:read'
	| 'protocol:update'
	/** Read and answer WhatsApp conversations handed to people (`/conversas`). */
	| 'conversation:handle'
	| 'admin';

type Grant = { unitScoped: boolean } | { organScoped: true };

const UNIT: Grant = { unitScoped: true };
const ANY: Grant = { unitScoped: false };
const ORGAN: Grant = { organScoped: true };

/** What each role may do; unit-scoped grants apply only inside the person's own units. */
const ROLE_GRANTS: Record<Role, Partial<Record<Action, Grant>>> = {
	admin: {},
	manager: {
		'ticket:issue': UNIT,
		'queue:read': UNIT,
		'calls:read': UNIT,
		'counter:operate': UNIT,
		'ticket:manage': UNIT,
		'unit:manage': UNIT,
		'stats:read': UNIT,
		'printer:manage': UNIT,
		'protocol:create': ANY,
		'protocol:read': ANY
	},
	clerk: {
		'ticket:issue': UNIT,
		'queue:read': UNIT,
		'calls:read': UNIT,
		'counter:operate': UNIT,
		'ticket:manage': UNIT,
		'protocol:create': ANY,
		'protocol:read': ANY
	},
	agent: { 'protocol:create': ANY, 'protocol:read': ANY, 'conversation:handle': ANY },
	organ_staff: { 'protocol:read': ORGAN, 'protocol:update': ORGAN }
};

const DEVICE_GRANTS: Record<Exclude<TokenKind, 'integration'>, Partial<Record<Action, Grant>>> = {
	kiosk: { 'ticket:issue': UNIT, 'calls:read': UNIT },
	panel: { 'calls:read': UNIT }
};

/** An integration may do only what its scopes say; Open311's POST opens protocols too. */
function integrationGrant(scopes: readonly TokenScope[], action: Action): Grant | undefined {
	const has = (s: TokenScope) => scopes.includes(s);
	if (action === 'protocol:create' && (has('protocols:create') || has('open311'))) return ANY;
	if (action === 'protocol:read' && has('protocols:read:all')) return ANY;
	if (action === 'queue:read' && has('queue:read')) return ANY;
	return undefined;
}

/** The one permission rule screens, API and sockets share: admins do all, others within their units or organ. */
export function can(actor: Actor, action: Action, scope: Scope = {}): boolean {
	if (actor.kind === 'anonymous') return false;
	if (actor.kind === 'user' && actor.role === 'admin') return true;
	const grant =
		actor.kind === 'user'
			? ROLE_GRANTS[actor.role][action]
			: actor.tokenKind === 'integration'
				? integrationGrant(actor.scopes, action)
				: DEVICE_GRANTS[actor.tokenKind][action];
	if (!grant) return false;
	if ('organScoped' in grant) {
		return actor.kind === 'user' && scope.organId !== undefined && actor.organId === scope.organId;
	}
	if (!grant.unitScoped || scope.unitId === undefined) return !grant.unitScoped || actor.kind === 'user';
	return actor.kind === 'user' ? actor.unitIds.includes(scope.unitId) : actor.unitId === scope.unitId;
}

/** The screen a person lands on after signing in. */
export function homeFor(role: Role): string {
	switch (role) {
		case 'admin':
			return '/admin';
		case 'manager':
			return '/manage';
		case 'clerk':
		case 'agent':
			return '/counter';
		case 'organ_staff':
			return '/inbox';
	}
}
