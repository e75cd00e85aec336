import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, TOKEN_KINDS, type Actor } from '../../../src/lib/auth/actor';
import { actorLabel, readActorLabel } from '../../../src/lib/auth/actor-label';

const person = fc.record({ username: fc.string({ minLength: 1, maxLength: 40 }), role: fc.constantFrom(...ROLES) });
const device = fc.record({ tokenKind: fc.constantFrom(...TOKEN_KINDS), name: fc.string({ maxLength: 120 }) });

describe('actor labels', () => {
	it('reads back the person who acted, whatever their username', () => {
		fc.assert(
			fc.property(person, ({ username, role }) => {
				const actor: Actor = { kind: 'user', id: 'u', username, name: 'N', role, organId: null, unitIds: [] };
				expect(readActorLabel(actorLabel(actor))).toEqual({ kind: 'person', username });
			})
		);
	});

	it('reads back the device and its name, even a name holding colons', () => {
		fc.assert(
			fc.property(device, ({ tokenKind, name }) => {
				const actor: Actor = { kind: 'device', id: 'd', name, tokenKind, unitId: null, scopes: [] };
				expect(readActorLabel(actorLabel(actor))).toEqual({ kind: 'device', tokenKind, name });
			})
		);
	});

	it('says a citizen acted for anonymous requests, and names jobs and unknown labels', () => {
		expect(readActorLabel(actorLabel({ kind: 'anonymous' }))).toEqual({ kind: 'citizen' });
		expect(readActorLabel('system:retention')).toEqual({ kind: 'system', job: 'retention' });
		expect(readActorLabel('robot:x')).toEqual({ kind: 'unknown', label: 'robot:x' });
	});
});
